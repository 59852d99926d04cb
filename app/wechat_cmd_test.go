package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	neturl "net/url"
	"strings"
	"testing"

	"selfcheck/bot"
	"selfcheck/bot/wechatsim"
	"selfcheck/models"
	"selfcheck/models/modelstest"
	"selfcheck/templates"
)

// TestWeChatCommands: wechat menu --print and --apply, wechat check in
// each state of the account, outbox list and requeue; neither the secret
// nor a token is ever printed.
func TestWeChatCommands(t *testing.T) {
	const secret = "cli-secret-0123"
	api := wechatsim.New("wxclitest", secret).Start()
	defer api.Close()
	url := modelstest.NewURL(t, "sqlite")
	vars := map[string]string{"DATABASE_URL": url, "DATA_DIR": t.TempDir(), "WECHAT_APPID": "wxclitest",
		"WECHAT_APPSECRET": secret, "WECHAT_API_BASE": api.URL, "WECHAT_TEMPLATES": testTemplatesFile(t)}
	if code, _, stderr := runCmd(t, vars, "migrate"); code != 0 {
		t.Fatalf("migrate: exit %d\n%s", code, stderr)
	}
	var all strings.Builder
	run := func(wantCode int, args ...string) string {
		t.Helper()
		code, stdout, stderr := runCmd(t, vars, args...)
		all.WriteString(stdout + stderr)
		if code != wantCode {
			t.Errorf("%s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, wantCode, stdout, stderr)
		}
		return stdout
	}
	var menu struct{ Button []json.RawMessage }
	if err := json.Unmarshal([]byte(run(0, "wechat", "menu", "--print")), &menu); err != nil || len(menu.Button) != 3 {
		t.Errorf("menu --print: %d buttons, %v", len(menu.Button), err)
	}
	if _, ok := api.CurrentMenu(); ok {
		t.Fatal("menu created by --print")
	}
	if out := run(0, "wechat", "menu", "--apply"); !strings.Contains(out, "menu created") {
		t.Errorf("menu --apply: %q", out)
	}
	if m, ok := api.CurrentMenu(); !ok || len(m.Button) != 3 {
		t.Errorf("stand-in menu after --apply: %+v, %v", m, ok)
	}
	if out := run(0, "wechat", "check"); !strings.HasSuffix(strings.TrimSpace(out), ": OK") {
		t.Errorf("check: %q", out)
	}
	api.SetIPAllowed(false)
	if out := run(1, "wechat", "check"); !strings.Contains(out, "allow-list") {
		t.Errorf("check off the allow-list: %q", out)
	}
	api.SetIPAllowed(true)
	bad := map[string]string{}
	for k, v := range vars {
		bad[k] = v
	}
	bad["WECHAT_APPSECRET"] = "not-the-secret"
	if code, out, _ := runCmd(t, bad, "wechat", "check"); code != 1 || !strings.Contains(out, "WECHAT_APPSECRET") {
		t.Errorf("check with a wrong secret: exit %d %q", code, out)
	}
	// Without REDIS_URL the commands share no cache: they take the stable
	// token, which leaves the service's own token alive.
	for _, r := range api.Requests() {
		if r.Path == "/cgi-bin/token" {
			t.Errorf("a command fetched /cgi-bin/token, retiring the service's token")
		}
	}

	s, err := models.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.EnqueueOutbox(ctx, []models.OutboxMessage{
		{MsgKey: "k1", Kind: models.OutboxTemplate, Topic: "selfcheck_assigned", OpenID: "o1", Payload: "{}"},
		{MsgKey: "k2", Kind: models.OutboxTemplate, Topic: "selfcheck_assigned", OpenID: "o2", Payload: "{}"},
	}); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	s.DB().Model(&models.OutboxMessage{}).Order("id").Pluck("id", &ids)
	for _, id := range ids {
		if err := s.KillOutbox(ctx, id, "wechat template send: errcode 47003: argument invalid"); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if out := run(0, "outbox", "list", "--dead"); strings.Count(out, "dead") != 2 || !strings.Contains(out, "47003") {
		t.Errorf("outbox list --dead:\n%s", out)
	}
	if out := run(0, "outbox", "requeue", "1"); !strings.Contains(out, "message 1 requeued") {
		t.Errorf("outbox requeue 1: %q", out)
	}
	run(1, "outbox", "requeue", "1")
	if out := run(0, "outbox", "requeue", "--all-dead"); !strings.Contains(out, "1 dead letters requeued") {
		t.Errorf("outbox requeue --all-dead: %q", out)
	}
	if out := run(0, "outbox", "list"); strings.Count(out, "pending") != 2 {
		t.Errorf("outbox list:\n%s", out)
	}
	run(2, "outbox", "requeue")
	if strings.Contains(all.String(), secret) {
		t.Errorf("a command printed the AppSecret")
	}
	for _, r := range api.Requests() {
		q, _ := neturl.ParseQuery(r.Query)
		if tok := q.Get("access_token"); tok != "" && strings.Contains(all.String(), tok) {
			t.Errorf("a command printed an access token")
		}
	}
}

// TestSimulatorDrawsTheMenu: the simulator draws the account's menu from
// templates/wechat/menu.json, as WeChat would: three top-level buttons,
// two of them opening sub-buttons.
func TestSimulatorDrawsTheMenu(t *testing.T) {
	m, _ := startServe(t, map[string]string{"SELFCHECK_DEMO": "1", "LISTEN_ADDR": "127.0.0.1:0", "DATA_DIR": demoDataDir(t)})
	resp, err := http.Get(m.URL() + "/simulator")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	menu, err := bot.LoadMenu(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<summary>企业服务</summary>", "<summary>市民服务</summary>", `data-key="HELP">帮助</button>`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("simulator page lacks %s", want)
		}
	}
	for _, b := range menu.Button {
		for _, s := range b.SubButton {
			if !strings.Contains(string(page), `data-key="`+s.Key+`">`+s.Name+`</button>`) {
				t.Errorf("simulator page lacks %s (%s)", s.Name, s.Key)
			}
		}
	}
}
