package bot

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMenu: the shipped menu keeps the platform's limits, every click key
// starts a flow, and the strict stand-in accepts it.
func TestMenu(t *testing.T) {
	m, err := LoadMenu(os.DirFS("../templates"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range m.Button {
		names = append(names, b.Name)
		if len(b.Name) > maxMenuName {
			t.Errorf("top-level %q is %d bytes", b.Name, len(b.Name))
		}
		for _, s := range b.SubButton {
			if _, ok := MenuKeys[s.Key]; !ok {
				t.Errorf("%s/%s: key %q routes to no flow", b.Name, s.Name, s.Key)
			}
		}
	}
	if diff := cmp.Diff([]string{"企业服务", "市民服务", "帮助"}, names); diff != "" {
		t.Errorf("top-level buttons (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		name string
		edit func(m *Menu)
		want string
	}{
		{"four buttons", func(m *Menu) { m.Button = append(m.Button, m.Button[2]) }, "4 top-level buttons"},
		{"six sub-buttons", func(m *Menu) {
			b := &m.Button[0]
			for len(b.SubButton) < 6 {
				b.SubButton = append(b.SubButton, b.SubButton[0])
			}
		}, "6 sub-buttons"},
		{"long name", func(m *Menu) { m.Button[2].Name = "帮助与使用说明" }, "name must be 1 to 16 bytes"},
		{"unknown key", func(m *Menu) { m.Button[2].Key = "NOPE" }, "starts no flow"},
		{"long key", func(m *Menu) { m.Button[2].Key = strings.Repeat("K", 129) }, "key must be 1 to 128 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := LoadMenu(os.DirFS("../templates"))
			tc.edit(c)
			if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate = %v, want %q", err, tc.want)
			}
		})
	}
	sim := newSim(t)
	api := newTestAPI(sim)
	if err := api.CreateMenu(context.Background(), m); err != nil {
		t.Fatalf("CreateMenu: %v", err)
	}
	got, ok := sim.CurrentMenu()
	if !ok || len(got.Button) != 3 || len(got.Button[0].SubButton) != len(m.Button[0].SubButton) {
		t.Errorf("stand-in menu = %+v, %v", got, ok)
	}
}

// TestMenuClicksRoute: a click on every menu button starts the flow its
// typed keyword starts.
func TestMenuClicksRoute(t *testing.T) {
	m, err := LoadMenu(os.DirFS("../templates"))
	if err != nil {
		t.Fatal(err)
	}
	flows := map[string]bool{}
	for _, f := range keywords {
		flows[f] = true
	}
	for _, b := range m.Button {
		for _, s := range append([]MenuButton{b}, b.SubButton...) {
			if s.Type != "click" {
				continue
			}
			f := MenuKeys[s.Key]
			if !flows[f] {
				t.Errorf("%s (%s) starts flow %q, which no keyword starts", s.Name, s.Key, f)
			}
			if kw := keywords[s.Name]; kw != "" && kw != f {
				t.Errorf("%s: the click starts %q, the typed name %q", s.Name, f, kw)
			}
		}
	}
}

// TestCheckDiagnoses: wechat check's one line for each way an account can
// be misconfigured.
func TestCheckDiagnoses(t *testing.T) {
	ctx := context.Background()
	sim := newSim(t)
	if err := newTestAPI(sim).Check(ctx); Diagnose(err) != "OK" {
		t.Errorf("Check = %v (%s), want OK", err, Diagnose(err))
	}
	sim.SetIPAllowed(false)
	err := newTestAPI(sim).Check(ctx)
	if d := Diagnose(err); !strings.Contains(d, "allow-list") {
		t.Errorf("off the allow-list: %s", d)
	}
	sim.SetIPAllowed(true)
	bad := NewAPI(APIConfig{AppID: testAppID, AppSecret: "wrong-secret", Base: sim.URL}, NewMemoryTokenCache())
	if d := Diagnose(bad.Check(ctx)); !strings.Contains(d, "WECHAT_APPSECRET") || strings.Contains(d, "wrong-secret") {
		t.Errorf("wrong secret: %s", d)
	}
	down := NewAPI(APIConfig{AppID: testAppID, AppSecret: testSecret, Base: "http://127.0.0.1:1"}, NewMemoryTokenCache())
	if d := Diagnose(down.Check(ctx)); !strings.Contains(d, "unreachable") {
		t.Errorf("unreachable: %s", d)
	}
	stable := NewAPI(APIConfig{AppID: testAppID, AppSecret: testSecret, Base: sim.URL, StableToken: true}, NewMemoryTokenCache())
	if err := stable.Check(ctx); err != nil {
		t.Errorf("Check with stable_token: %v", err)
	}
}

// TestStableToken: with WECHAT_STABLE_TOKEN the API never calls
// /cgi-bin/token, and a token WeChat refuses is replaced through
// force_refresh.
func TestStableToken(t *testing.T) {
	ctx := context.Background()
	sim := newSim(t)
	api := NewAPI(APIConfig{AppID: testAppID, AppSecret: testSecret, Base: sim.URL, StableToken: true}, NewMemoryTokenCache())
	first, err := api.AccessToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sim.ExpireTokens()
	if err := api.Check(ctx); err != nil {
		t.Fatalf("Check after the token expired: %v", err)
	}
	if tok, _ := api.AccessToken(ctx); tok == first {
		t.Errorf("token not replaced after WeChat refused it")
	}
	force := 0
	for _, r := range sim.Requests() {
		if r.Path == "/cgi-bin/token" {
			t.Errorf("/cgi-bin/token called in stable token mode")
		}
		if r.Path == "/cgi-bin/stable_token" && strings.Contains(r.Body, `"force_refresh":true`) {
			force++
		}
	}
	if force != 1 {
		t.Errorf("%d force_refresh calls, want 1", force)
	}
}
