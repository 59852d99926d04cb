package bot

import (
	"context"
	"os"
	"strings"
	"testing"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestAssignmentPinnedToVersion: a self-check started on one version of a
// questionnaire goes on with that version after the questionnaire is edited,
// even across messages (and days).
func TestAssignmentPinnedToVersion(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := testNow
		b := newTestBot(t, s, &now)
		f := newFixture(t, s)
		openID := openIDPrefix(t) + "pin"
		var id int64 = 9300
		say := func(text string) string {
			id++
			out, err := b.Handle(ctx, Inbound{OpenID: openID, Kind: KindText, Content: text, MsgID: id, Time: now})
			if err != nil {
				t.Fatalf("Handle(%q): %v", text, err)
			}
			var parts []string
			for _, o := range out {
				parts = append(parts, o.Text)
			}
			return strings.Join(parts, "\n")
		}
		say("绑定企业")
		say(f.firm.USCC)
		if got := say(f.code); !strings.Contains(got, "绑定成功") {
			t.Fatalf("binding replied %q", got)
		}
		if got := say("企业自查"); !strings.Contains(got, "本单位现有从业人员多少人？") {
			t.Fatalf("self-check start = %q", got)
		}
		// The questionnaire is edited while the firm is answering.
		src, err := os.ReadFile("testdata/mini.yaml")
		if err != nil {
			t.Fatal(err)
		}
		edited := strings.Replace(string(src), "是否已明确单位消防安全责任人？", "消防安全责任人是否已书面明确？", 1)
		v2, created, err := s.SaveQuestionnaire(ctx, "mini", "测试自查清单", "enterprise", []byte(edited), "test")
		if err != nil || !created || v2.Version != 2 {
			t.Fatalf("edit = v%d created %v, %v", v2.Version, created, err)
		}
		now = now.AddDate(0, 0, 1)
		got := say("12")
		if !strings.Contains(got, "是否已明确单位消防安全责任人？") || strings.Contains(got, "书面明确") {
			t.Errorf("next question after the edit = %q, want version 1's text", got)
		}
	})
}
