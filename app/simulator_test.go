package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"selfcheck/bot"
	"strings"
	"testing"
	"time"
)

// TestSimulatorShowsPushes binds a user through the simulator as a newcomer
// would, sends the demo firm a notice, and waits for the outbox worker to
// deliver it to the stand-in API, where the chat page polls for it.
func TestSimulatorShowsPushes(t *testing.T) {
	m, ctx := startServe(t, map[string]string{"SELFCHECK_DEMO": "1", "LISTEN_ADDR": "127.0.0.1:0", "DATA_DIR": demoDataDir(t)})
	send := func(text string) string {
		body, _ := json.Marshal(map[string]string{"openid": "o_sim_push", "type": "text", "content": text})
		resp, err := http.Post(m.URL()+"/simulator/send", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct{ Reply string }
		json.NewDecoder(resp.Body).Decode(&out)
		return out.Reply
	}
	r1, r2, r3 := send("绑定企业"), send(m.demo.USCC), send(m.demo.BindCode)
	if !strings.Contains(r3, "绑定成功") {
		t.Fatalf("binding through the simulator replied %q, %q, %q", r1, r2, r3)
	}
	firm, err := m.store.EnterpriseByUSCC(ctx, m.demo.USCC)
	if err != nil {
		t.Fatal(err)
	}
	// A regulator issues a binding code; the dashboard also gets its QR code
	// from the stand-in WeChat API.
	admin, err := m.store.UserByUsername(ctx, m.demo.AdminUser)
	if err != nil {
		t.Fatal(err)
	}
	token, err := m.store.CreateAPIToken(ctx, admin.ID, "test", "test")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/enterprises/%d/bindcode", m.URL(), firm.ID), strings.NewReader(`{"days":7}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var issued struct {
		Code string `json:"code"`
		QR   string `json:"qr_png_base64"`
	}
	json.NewDecoder(resp.Body).Decode(&issued)
	resp.Body.Close()
	if png, _ := base64.StdEncoding.DecodeString(issued.QR); resp.StatusCode != 201 || issued.Code == "" || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("bind code through the API = %d, code %q, %d bytes of QR; want 201 with a PNG", resp.StatusCode, issued.Code, len(png))
	}
	if err := m.enqueueNotices(ctx, m.store, bot.Notice{Topic: bot.TopicReminder, EnterpriseID: firm.ID, Ref: "test",
		Fields: map[string]string{"title": "消防安全专项自查", "deadline": "2026-12-04", "days": "5", "firm": firm.Name}}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(m.URL() + "/simulator/pushes?since=0")
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Pushes []struct{ OpenID, Kind, Text string }
		}
		json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		for _, p := range got.Pushes {
			if p.OpenID == "o_sim_push" && strings.Contains(p.Text, "消防安全专项自查") {
				return
			}
		}
		if time.Now().After(deadline) {
			var rows []map[string]any
			m.store.DB().Raw("SELECT status, kind, topic, openid, attempts, last_error FROM outbox").Scan(&rows)
			t.Fatalf("no push to o_sim_push reached the stand-in API: %+v; outbox: %v", got.Pushes, rows)
		}
		// Polling the observable outcome of another process-like worker;
		// the sleep only paces the loop, it does not stand in for an event.
		time.Sleep(50 * time.Millisecond)
	}
}
