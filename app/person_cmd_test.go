package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestPersonCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	vars := map[string]string{"DATABASE_URL": modelstest.NewURL(t, "sqlite"), "DATA_DIR": dir, "USER": "ops"}
	cfg, err := LoadConfig(testEnv(vars))
	if err != nil {
		t.Fatal(err)
	}
	a, err := newApp(ctx, cfg, assetsFS(), true)
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.store.EnsureWechatUser(ctx, "o-cli-person")
	if err != nil {
		t.Fatal(err)
	}
	id, err := a.store.AddPhoto(ctx, "m-cli", u.ID)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "photos", "ab", "x.jpg")
	if err := os.MkdirAll(filepath.Dir(file), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("jpeg"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := a.store.DB().Model(&models.Photo{}).Where("id = ?", id).Updates(map[string]any{"status": models.PhotoStored, "path": "photos/ab/x.jpg"}).Error; err != nil {
		t.Fatal(err)
	}
	r := &models.CitizenReport{ReporterID: &u.ID, Source: "chat", Category: "其他", Description: "text"}
	if err := a.store.CreateReport(ctx, r, []int64{id}, cfg.TZ); err != nil {
		t.Fatal(err)
	}
	a.Close()

	code, out, stderr := runCmd(t, vars, "person", "export", "--ticket", r.TicketNo)
	var d models.PersonData
	if code != 0 || json.Unmarshal([]byte(out), &d) != nil || d.User == nil || len(d.Reports) != 1 || len(d.Photos) != 1 {
		t.Fatalf("person export = %d %s %s", code, out, stderr)
	}
	for range 2 { // idempotent
		if code, out, stderr = runCmd(t, vars, "person", "erase", "--openid", "o-cli-person", "--by", "clerk"); code != 0 {
			t.Fatalf("person erase = %d %s %s", code, out, stderr)
		}
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("photo file after erase: %v, want gone", err)
	}
	if code, _, stderr := runCmd(t, vars, "person", "export", "--ticket", r.TicketNo); code != 1 || !strings.Contains(stderr, "no reporter") {
		t.Errorf("person export --ticket of an erased reporter = %d %s, want 1", code, stderr)
	}
	if code, _, _ := runCmd(t, vars, "person", "erase"); code != 2 {
		t.Errorf("person erase without --openid = %d, want 2", code)
	}

	a, err = newApp(ctx, cfg, assetsFS(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	log, err := a.store.AuditLog(ctx, "wechat_user", personRef("o-cli-person"), 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		got = append(got, e.Actor+" "+e.Action)
		if strings.Contains(e.AfterJSON, "o-cli-person") {
			t.Errorf("audit entry %+v names the openid", e)
		}
	}
	if strings.Join(got, ",") != "clerk person.erase,clerk person.erase,cli:ops person.export" {
		t.Errorf("audit log = %v", got)
	}
}
