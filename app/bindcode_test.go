package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"selfcheck/bot/wechatsim"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestBindcodeQR: --qr creates a parametric QR code through the API with the
// printed code as its scene and writes the PNG. The stand-in is local to the
// test: the bot builds every URL from the App's WECHAT_API_BASE, so the
// process-wide HTTP client serves any stand-in.
func TestBindcodeQR(t *testing.T) {
	api := wechatsim.New("wxqrtest", "qr-secret").Start()
	defer api.Close()
	url := modelstest.NewURL(t, "sqlite")
	s, err := models.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	firm := modelstest.Enterprise(t, s, nil)
	s.Close()
	file := filepath.Join(t.TempDir(), "qr.png")
	vars := map[string]string{"DATABASE_URL": url, "DATA_DIR": t.TempDir(), "WECHAT_APPID": "wxqrtest",
		"WECHAT_APPSECRET": "qr-secret", "WECHAT_API_BASE": api.URL, "WECHAT_TEMPLATES": testTemplatesFile(t)}
	code, stdout, stderr := runCmd(t, vars, "bindcode", "--uscc", firm.USCC, "--days", "7", "--qr", file)
	if code != 0 {
		t.Fatalf("bindcode --qr: exit %d\n%s", code, stderr)
	}
	bindCode := strings.TrimSpace(stdout)
	var ticket string
	for _, r := range api.Requests() {
		if r.Path == "/cgi-bin/qrcode/create" && strings.Contains(r.Body, `"scene_str":"`+bindCode+`"`) && strings.Contains(r.Body, `"expire_seconds":604800`) {
			ticket = "found"
		}
	}
	if ticket == "" {
		t.Errorf("no qrcode/create request with scene %q and 7 days; requests: %+v", bindCode, api.Requests())
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("%s is not a PNG: %v", file, err)
	}
	if code, _, stderr := runCmd(t, vars, "bindcode", "--uscc", firm.USCC, "--days", "60", "--qr", file); code == 0 || !strings.Contains(stderr, "at most 30") {
		t.Errorf("--days 60 --qr: exit %d, %q; want a usage error", code, stderr)
	}
}
