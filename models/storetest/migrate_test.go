package storetest

import (
	"context"
	"testing"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestMigrate(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		got, err := s.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := models.LatestSchemaVersion(); got != want {
			t.Fatalf("SchemaVersion() = %d, want %d", got, want)
		}
		// Migrating an up-to-date database applies nothing.
		n, err := s.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("Migrate() on a migrated database applied %d, want 0", n)
		}
	})
}

// TestMigrateFresh migrates an empty database from scratch, the path
// `selfcheck migrate` takes, rather than the test template's copy.
func TestMigrateFresh(t *testing.T) {
	ctx := context.Background()
	s, err := models.Open(ctx, "sqlite://"+t.TempDir()+"/fresh.db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("Migrate() on an empty database applied nothing")
	}
	got, err := s.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := models.LatestSchemaVersion(); got != want {
		t.Errorf("SchemaVersion() after Migrate = %d, want %d", got, want)
	}
}
