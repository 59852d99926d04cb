package storetest

import (
	"context"
	"strings"
	"testing"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestQuestionnaireVersions: the same content is the same version, an edit
// is the next version, and an old version stays readable for the
// assignments pinned to it.
func TestQuestionnaireVersions(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		v1, created, err := s.SaveQuestionnaire(ctx, "gas", "燃气自查", "household", []byte("v: 1\n"), "test")
		if err != nil || !created || v1.Version != 1 {
			t.Fatalf("first save = v%d created %v, %v; want v1 created", v1.Version, created, err)
		}
		again, created, err := s.SaveQuestionnaire(ctx, "gas", "燃气自查", "household", []byte("v: 1\n"), "test")
		if err != nil || created || again.ID != v1.ID {
			t.Fatalf("same content = id %d created %v, %v; want id %d not created", again.ID, created, err, v1.ID)
		}
		v2, created, err := s.SaveQuestionnaire(ctx, "gas", "燃气安全自查", "household", []byte("v: 2\n"), "test")
		if err != nil || !created || v2.Version != 2 {
			t.Fatalf("edited content = v%d created %v, %v; want v2 created", v2.Version, created, err)
		}
		old, err := s.QuestionnaireVersionByID(ctx, v1.ID)
		if err != nil || old.Source != "v: 1\n" {
			t.Errorf("pinned version 1 = %q, %v; want its own source", old.Source, err)
		}
		latest, err := s.LatestQuestionnaire(ctx, "gas")
		if err != nil || latest.ID != v2.ID {
			t.Errorf("LatestQuestionnaire = %d, %v; want %d", latest.ID, err, v2.ID)
		}
	})
}

// TestScoringParamVersions: parameters are stored once per content and the
// newest is the one in force.
func TestScoringParamVersions(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		a, created, err := s.SaveScoringParams(ctx, []byte("base: 700\n"), "shipped", "system")
		if err != nil || !created {
			t.Fatalf("SaveScoringParams = %v, %v", created, err)
		}
		if b, created, _ := s.SaveScoringParams(ctx, []byte("base: 700\n"), "shipped", "system"); created || b.ID != a.ID {
			t.Errorf("same parameters stored again as %d (created %v), want %d", b.ID, created, a.ID)
		}
		c, _, _ := s.SaveScoringParams(ctx, []byte("base: 650\n"), "edited", "admin")
		if latest, err := s.LatestScoringParams(ctx); err != nil || latest.ID != c.ID || latest.ID == a.ID {
			t.Errorf("LatestScoringParams = %d, %v; want the edit %d", latest.ID, err, c.ID)
		}
		// A → B → A: the first content is in force again, as a new version
		// whose parameters are those of A.
		d, created, err := s.SaveScoringParams(ctx, []byte("base: 700\n"), "rollback", "admin")
		if err != nil || !created || d.ID <= c.ID {
			t.Fatalf("SaveScoringParams(A again) = %d, %v, %v; want a new version after %d", d.ID, created, err, c.ID)
		}
		latest, err := s.LatestScoringParams(ctx)
		if err != nil || latest.ID != d.ID {
			t.Fatalf("LatestScoringParams = %d, %v; want the restored %d", latest.ID, err, d.ID)
		}
		if !strings.HasPrefix(latest.Source, "base: 700\n") || strings.Contains(latest.Source, "650") {
			t.Errorf("restored source = %q, want the content of A", latest.Source)
		}
		if e, created, _ := s.SaveScoringParams(ctx, []byte("base: 700\n"), "shipped", "system"); created || e.ID != d.ID {
			t.Errorf("A saved again while in force: %d (created %v), want %d", e.ID, created, d.ID)
		}
		// And once more: B → A → B → A never reuses a row or collides.
		s.SaveScoringParams(ctx, []byte("base: 650\n"), "edited", "admin")
		f, created, err := s.SaveScoringParams(ctx, []byte("base: 700\n"), "rollback", "admin")
		if latest, _ := s.LatestScoringParams(ctx); err != nil || !created || latest.ID != f.ID {
			t.Errorf("second rollback = %d, %v, %v; latest %d", f.ID, created, err, latest.ID)
		}
	})
}
