package storetest

import (
	"context"
	"testing"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestAddPhoto(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := inboundNow
		pin(s, &now)
		u, err := s.EnsureWechatUser(ctx, "o-photo")
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.AddPhoto(ctx, "media-a", u.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.AddPhoto(ctx, "media-b", u.ID)
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.AddPhoto(ctx, "media-a", u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a == 0 || a == b || again != a {
			t.Errorf("AddPhoto ids a=%d b=%d a again=%d; want a, b distinct and a twice the same", a, b, again)
		}
		var p models.Photo
		if err := s.DB().Take(&p, a).Error; err != nil {
			t.Fatal(err)
		}
		if p.Status != models.PhotoPending || !p.NextAttemptAt.Equal(now) || p.UploadedBy == nil || *p.UploadedBy != u.ID {
			t.Errorf("photo %+v, want pending, due now, uploaded by %d", p, u.ID)
		}
		if _, err := s.AddPhoto(ctx, "", u.ID); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("AddPhoto(\"\") = %v, want EINVALID", err)
		}
		if n := countRows(t, s, "photos"); n != 2 {
			t.Errorf("photos has %d rows, want 2", n)
		}
	})
}
