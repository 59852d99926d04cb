package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestMigrationStatus(t *testing.T) {
	ctx := context.Background()
	t.Run("Empty", func(t *testing.T) {
		s, err := models.Open(ctx, "sqlite://"+filepath.Join(t.TempDir(), "empty.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		list, err := s.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := list[len(list)-1].Version, models.LatestSchemaVersion(); got != want {
			t.Errorf("MigrationStatus on an empty database ends at %d, want %d", got, want)
		}
		for _, m := range list {
			if m.AppliedAt != nil || m.Unknown {
				t.Errorf("MigrationStatus on an empty database: %+v, want pending", m)
			}
		}
	})
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		list, err := s.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		prev := 0
		for i, m := range list {
			if m.AppliedAt == nil || m.Unknown || m.Version <= prev || m.Name == "" {
				t.Errorf("MigrationStatus()[%d] = %+v, want applied, after %d", i, m, prev)
			}
			prev = m.Version
		}
		if prev != models.LatestSchemaVersion() {
			t.Errorf("MigrationStatus() ends at %d, want %d", prev, models.LatestSchemaVersion())
		}
		// A newer release's migration, as an older replica sees it during
		// a rolling upgrade.
		next := models.LatestSchemaVersion() + 1
		if err := s.DB().Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", next, "from_the_future", s.Now()).Error; err != nil {
			t.Fatal(err)
		}
		list, err = s.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		last := list[len(list)-1]
		if !last.Unknown || last.Version != next || last.Name != "from_the_future" || last.AppliedAt == nil {
			t.Errorf("MigrationStatus() last = %+v, want version %d unknown and applied", last, next)
		}
	})
}
