package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gorm.io/gorm"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// personFixture is a citizen who reported with a photo, answered a
// household check with a photo, is bound to a firm and has a session, and
// another citizen whose photo shares a file with the first's.
type personFixture struct {
	user, other    *models.WechatUser
	report, others *models.CitizenReport
	assignment     int64
	photo, shared  int64
	firmEvidence   int64
	firmAnswer     int64
	firm           *models.Enterprise
}

func newPersonFixture(t *testing.T, s *models.Store) *personFixture {
	t.Helper()
	ctx := context.Background()
	db := s.DB()
	f := &personFixture{}
	var err error
	if f.user, err = s.EnsureWechatUser(ctx, "o-erase-me"); err != nil {
		t.Fatal(err)
	}
	if f.other, err = s.EnsureWechatUser(ctx, "o-keep-me"); err != nil {
		t.Fatal(err)
	}
	f.firm = modelstest.Enterprise(t, s, nil)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.Create(&models.Binding{WechatUserID: f.user.ID, EnterpriseID: f.firm.ID, CreatedAt: time.Now()}).Error)
	photo := func(media string, by int64, path string) int64 {
		id, err := s.AddPhoto(ctx, media, by)
		must(err)
		must(db.Model(&models.Photo{}).Where("id = ?", id).Updates(map[string]any{"status": models.PhotoStored, "path": path}).Error)
		return id
	}
	f.photo = photo("m-report", f.user.ID, "photos/aa/own.jpg")
	f.shared = photo("m-household", f.user.ID, "photos/bb/shared.jpg")
	photo("m-other", f.other.ID, "photos/bb/shared.jpg")
	f.firmEvidence = photo("m-firm", f.user.ID, "photos/cc/firm.jpg")

	lat := 23.0
	f.report = &models.CitizenReport{ReporterID: &f.user.ID, Source: "chat", Category: "消防通道堵塞",
		Description: "我家楼下 13800138000", Address: "某路1号", Lat: &lat, Lon: &lat, StreetCode: "S1", Feedback: "满意"}
	must(s.CreateReport(ctx, f.report, []int64{f.photo}, time.UTC))
	f.others = &models.CitizenReport{ReporterID: &f.other.ID, Source: "chat", Category: "其他", Description: "别人的举报"}
	must(s.CreateReport(ctx, f.others, nil, time.UTC))

	a := models.Assignment{CampaignID: 1, VersionID: 1, WechatUserID: &f.user.ID, Status: models.AssignmentSubmitted, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	must(db.Create(&a).Error)
	f.assignment = a.ID
	must(db.Create(&models.Answer{AssignmentID: a.ID, ItemID: "H-01", Value: `"yes"`, PhotoID: &f.shared, AnsweredBy: &f.user.ID, AnsweredAt: time.Now()}).Error)
	fa := models.Assignment{CampaignID: 2, VersionID: 1, EnterpriseID: &f.firm.ID, Status: models.AssignmentSubmitted, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	must(db.Create(&fa).Error)
	ans := models.Answer{AssignmentID: fa.ID, ItemID: "FS-01", Value: `"yes"`, PhotoID: &f.firmEvidence, AnsweredBy: &f.user.ID, AnsweredAt: time.Now()}
	must(db.Create(&ans).Error)
	f.firmAnswer = ans.ID
	must(s.SaveConversations(ctx, map[string]string{"o-erase-me": `{"flow":"report"}`, "o-keep-me": `{}`}))
	must(db.Create(&models.BindAttempt{OpenID: "o-erase-me", OK: true, CreatedAt: time.Now()}).Error)
	return f
}

func TestPersonExportAndErase(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		f := newPersonFixture(t, s)

		d, err := s.PersonData(ctx, "o-erase-me")
		if err != nil {
			t.Fatal(err)
		}
		got := []int{len(d.Bindings), len(d.Reports), len(d.Households), len(d.Households[0].Answers), len(d.Photos), len(d.BindAttempts)}
		if diff := cmp.Diff([]int{1, 1, 1, 1, 3, 1}, got); diff != "" || d.User == nil || string(d.Conversation) != `{"flow":"report"}` {
			t.Errorf("PersonData: bindings, reports, households, answers, photos, attempts (-want +got):\n%s\nuser %v, conversation %s", diff, d.User, d.Conversation)
		}
		if d.Bindings[0].USCC != f.firm.USCC || d.Reports[0].Description != f.report.Description {
			t.Errorf("PersonData = %+v", d)
		}

		var gone *models.Erased
		err = s.Tx(ctx, func(tx *models.Store) error { gone, err = tx.ErasePerson(ctx, "o-erase-me"); return err })
		if err != nil {
			t.Fatal(err)
		}
		want := &models.Erased{User: true, Bindings: 1, ReportsAnonymous: 1, Households: 1, Photos: 2, Conversation: 1, BindAttempts: 1,
			Files: []string{"photos/aa/own.jpg"}} // the shared file is still another's
		if diff := cmp.Diff(want, gone); diff != "" {
			t.Errorf("ErasePerson (-want +got):\n%s", diff)
		}

		db := s.DB()
		var r models.CitizenReport
		if err := db.First(&r, f.report.ID).Error; err != nil {
			t.Fatal(err)
		}
		if r.ReporterID != nil || r.Description != models.ErasedText || r.Address != "" || r.Lat != nil || r.Feedback != "" ||
			r.Category != "消防通道堵塞" || r.StreetCode != "S1" || r.TicketNo != f.report.TicketNo {
			t.Errorf("anonymised report = %+v", r)
		}
		var o models.CitizenReport
		if err := db.First(&o, f.others.ID).Error; err != nil || o.ReporterID == nil || o.Description != "别人的举报" {
			t.Errorf("another's report = %+v, %v", o, err)
		}
		counts := map[string]int64{}
		for name, q := range map[string]*gorm.DB{
			"users":       db.Model(&models.WechatUser{}).Where("openid = ?", "o-erase-me"),
			"assignments": db.Model(&models.Assignment{}).Where("id = ?", f.assignment),
			"photos":      db.Model(&models.Photo{}).Where("id IN ?", []int64{f.photo, f.shared}),
			"firm_photo":  db.Model(&models.Photo{}).Where("id = ? AND uploaded_by IS NULL", f.firmEvidence),
			"firm_answer": db.Model(&models.Answer{}).Where("id = ? AND answered_by IS NULL AND photo_id = ?", f.firmAnswer, f.firmEvidence),
			"bindings":    db.Model(&models.Binding{}).Where("wechat_user_id = ?", f.user.ID),
			"others":      db.Model(&models.WechatUser{}).Where("openid = ?", "o-keep-me"),
		} {
			var n int64
			if err := q.Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			counts[name] = n
		}
		wantCounts := map[string]int64{"users": 0, "assignments": 0, "photos": 0, "firm_photo": 1, "firm_answer": 1, "bindings": 0, "others": 1}
		if diff := cmp.Diff(wantCounts, counts); diff != "" {
			t.Errorf("rows left (-want +got):\n%s", diff)
		}

		// Erasing again finds nothing and fails nothing.
		err = s.Tx(ctx, func(tx *models.Store) error { gone, err = tx.ErasePerson(ctx, "o-erase-me"); return err })
		if err != nil || gone.User || gone.ReportsAnonymous != 0 || gone.Photos != 0 {
			t.Errorf("second ErasePerson = %+v, %v, want nothing erased", gone, err)
		}
		if d, err := s.PersonData(ctx, "o-erase-me"); err != nil || d.User != nil || len(d.Reports)+len(d.Photos)+len(d.BindAttempts) != 0 || d.Conversation != nil {
			t.Errorf("PersonData after erase = %+v, %v", d, err)
		}
	})
}
