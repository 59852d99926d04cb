package main

import (
	"context"
	"strings"
	"testing"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestDataKeyLifecycle follows a deployment that starts without a key
// (plaintext, a warning), sets one and encrypts what is there, and must
// then keep it set.
func TestDataKeyLifecycle(t *testing.T) {
	t.Cleanup(func() { models.SetDataKey(models.DemoDataKey, models.CipherAES) })
	ctx := context.Background()
	vars := map[string]string{"DATABASE_URL": modelstest.NewURL(t, "sqlite"), "DATA_DIR": t.TempDir()}
	open := func(vars map[string]string) (*App, error) {
		cfg, err := LoadConfig(testEnv(vars))
		if err != nil {
			t.Fatal(err)
		}
		return newApp(ctx, cfg, assetsFS(), true)
	}
	a, err := open(vars)
	if err != nil {
		t.Fatal(err)
	}
	e := modelstest.Enterprise(t, a.store, func(e *models.Enterprise) { e.LegalRep, e.ContactPhone = "李四", "13900139000" })
	var rep string
	a.store.DB().Raw("SELECT legal_rep FROM enterprises WHERE id = ?", e.ID).Scan(&rep)
	if rep != "李四" {
		t.Errorf("without a key legal_rep is stored as %q, want plaintext", rep)
	}
	a.Close()

	keyed := map[string]string{"SELFCHECK_DATA_KEY": "c2VsZmNoZWNrLWRlbW8tZGF0YS1rZXktMzItYnl0ZXM=", "SELFCHECK_CIPHER": "sm4"}
	for k, v := range vars {
		keyed[k] = v
	}
	if code, out, stderr := runCmd(t, keyed, "encrypt"); code != 0 || !strings.Contains(out, "of 1 firms") {
		t.Fatalf("encrypt = %d %q %s", code, out, stderr)
	}
	if _, err := open(vars); err == nil || !strings.Contains(err.Error(), "SELFCHECK_DATA_KEY") {
		t.Errorf("start without the key over encrypted data: %v, want an error naming SELFCHECK_DATA_KEY", err)
	}
	a, err = open(keyed)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	a.store.DB().Raw("SELECT legal_rep FROM enterprises WHERE id = ?", e.ID).Scan(&rep)
	got, err := a.store.Enterprise(ctx, e.ID)
	if err != nil || !strings.HasPrefix(rep, "sm41:") || got.LegalRep != "李四" || got.ContactPhone != "13900139000" {
		t.Errorf("stored %q, read %+v, %v: want SM4 at rest and the plaintext read", rep, got, err)
	}
	bad := map[string]string{"SELFCHECK_DATA_KEY": "short"}
	for k, v := range vars {
		bad[k] = v
	}
	if _, err := open(bad); err == nil || !strings.Contains(err.Error(), "SELFCHECK_DATA_KEY") {
		t.Errorf("a malformed key: %v, want an error", err)
	}
}
