package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"selfcheck/app/regulator"
	"selfcheck/bot"
	"selfcheck/bot/wechatsim"
)

// flowChat drives the demo's simulator as WeChat users: every message goes
// through /simulator/send, which signs it for /wechat and judges the
// passive reply as WeChat does.
type flowChat struct {
	t       *testing.T
	m       *Main
	replies int
	largest int
	pages   int
}

// send sends a message of openID (kind text, image, location or event) and
// returns the reply the user sees, failing on a reply over 2,048 bytes.
func (f *flowChat) send(openID string, msg map[string]any) string {
	f.t.Helper()
	msg["openid"] = openID
	body, _ := json.Marshal(msg)
	resp, err := http.Post(f.m.URL()+"/simulator/send", "application/json", bytes.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Status int
		Reply  string
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		f.t.Fatal(err)
	}
	f.replies++
	f.largest = max(f.largest, len(out.Reply))
	if out.Reply == wechatsim.Unavailable || len(out.Reply) > bot.MaxReplyBytes {
		f.t.Fatalf("%v: the user saw %q (%d bytes)", msg, clipReply(out.Reply, 60), len(out.Reply))
	}
	return out.Reply
}

func (f *flowChat) say(openID, text string) string {
	return f.send(openID, map[string]any{"kind": "text", "content": text})
}

// sayAll sends text and follows 更多 to the last page, returning the pages
// joined.
func (f *flowChat) sayAll(openID, text string) string {
	f.t.Helper()
	reply := f.say(openID, text)
	all := reply
	for i := 0; strings.Contains(reply, "回复“更多”查看后续"); i++ {
		if i > 20 {
			f.t.Fatalf("%s: more than 20 pages", text)
		}
		f.pages++
		reply = f.say(openID, "更多")
		all += "\n" + reply
	}
	return all
}

func (f *flowChat) photo(openID string) string {
	f.t.Helper()
	resp, err := http.Post(f.m.URL()+"/simulator/upload", "image/png", bytes.NewReader(flowPNG))
	if err != nil {
		f.t.Fatal(err)
	}
	var up struct {
		MediaID string `json:"media_id"`
	}
	json.NewDecoder(resp.Body).Decode(&up)
	resp.Body.Close()
	return f.send(openID, map[string]any{"kind": "image", "media_id": up.MediaID})
}

// flowPNG is a 1x1 PNG.
var flowPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

var (
	firstNumber = regexp.MustCompile(`请输入[^0-9（]*（?(?:不小于|不大于)?([0-9]+)`)
	maxChars    = regexp.MustCompile(`不超过([0-9]+)字`)
)

// answerAll answers a questionnaire from its first prompt to the end, the
// way that makes the longest summary: every text at its longest, every
// yes/no 否 (with the photos that asks for), and returns the summary.
func (f *flowChat) answerAll(openID, prompt string) string {
	f.t.Helper()
	reply := prompt
	for i := 0; i < 600; i++ {
		for strings.Contains(reply, "回复“更多”查看后续") {
			f.pages++
			reply = f.say(openID, "更多")
		}
		switch {
		case strings.Contains(reply, "确认无误请回复“提交”"):
			return reply
		case strings.Contains(reply, "照片"):
			reply = f.photo(openID)
		case strings.Contains(reply, "请回复“是”或“否”"):
			reply = f.say(openID, "否")
		case strings.Contains(reply, "可多选"):
			reply = f.say(openID, "1,2")
		case strings.Contains(reply, "请回复选项前的数字"):
			reply = f.say(openID, "1")
		case strings.Contains(reply, "请输入日期"):
			reply = f.say(openID, "今天")
		case strings.Contains(reply, "请输入文字"):
			n := 50
			if m := maxChars.FindStringSubmatch(reply); m != nil {
				n, _ = strconv.Atoi(m[1])
			}
			reply = f.say(openID, clipRunes(strings.Repeat("灭火器摆放在厨房门口，", n), n))
		case strings.Contains(reply, "请输入"):
			n := "1"
			if m := firstNumber.FindStringSubmatch(reply); m != nil {
				n = m[1]
			}
			reply = f.say(openID, n)
		case strings.Contains(reply, "位置"):
			reply = f.send(openID, map[string]any{"kind": "location", "lat": 23.0301, "lon": 113.1202, "label": "祖庙路1号"})
		default:
			f.t.Fatalf("no answer for the prompt %q", reply)
		}
	}
	f.t.Fatal("the questionnaire did not end in 600 answers")
	return ""
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}

// TestWeChatFlowStrict is the channel end to end against the strict
// stand-in: a firm binds, completes the full self-check (longest summary),
// reads 我的信用 and its 整改 list; a citizen reports, queries progress,
// registers and answers a household check; a campaign is pushed; every
// notice type is sent. No reply may exceed 2,048 bytes and the stand-in
// may refuse nothing.
func TestWeChatFlowStrict(t *testing.T) {
	m, ctx := startServe(t, map[string]string{"SELFCHECK_DEMO": "1", "LISTEN_ADDR": "127.0.0.1:0", "DATA_DIR": demoDataDir(t)})
	f := &flowChat{t: t, m: m}
	const firmUser, citizen = "o_flow_firm", "o_flow_citizen"

	// The firm's user follows, asks for help, binds.
	f.send(firmUser, map[string]any{"kind": "event", "event": "subscribe"})
	f.sayAll(firmUser, "帮助")
	f.say(firmUser, "绑定企业")
	f.say(firmUser, m.demo.USCC)
	if r := f.say(firmUser, m.demo.BindCode); !strings.Contains(r, "绑定成功") {
		t.Fatalf("bind: %q", r)
	}
	// The full self-check, its summary, submission.
	start := f.say(firmUser, "企业自查")
	f.answerAll(firmUser, start)
	summary := f.sayAll(firmUser, "汇总")
	t.Logf("full self-check summary: %d bytes, %d replies so far, %d pages followed", len(summary), f.replies, f.pages)
	if r := f.say(firmUser, "提交"); !strings.Contains(r, "提交成功") {
		t.Fatalf("submit: %q", clipReply(r, 80))
	}
	f.sayAll(firmUser, "我的信用")
	f.sayAll(firmUser, "整改")
	f.say(firmUser, "取消")

	// The citizen reports, queries, registers and checks the household.
	f.send(citizen, map[string]any{"kind": "event", "event": "subscribe"})
	f.say(citizen, "我要举报")
	f.say(citizen, "1")
	f.say(citizen, "小区楼道堆放大量杂物，堵塞消防通道，已持续一周")
	f.photo(citizen)
	f.say(citizen, "好了")
	f.send(citizen, map[string]any{"kind": "location", "lat": 23.0301, "lon": 113.1202, "label": "祖庙路1号"})
	done1 := f.say(citizen, "无")
	ticket := regexp.MustCompile(`[A-Z]{2}[0-9]{8}-[0-9]{4}`).FindString(done1)
	if ticket == "" {
		t.Fatalf("report: no ticket in %q", done1)
	}
	f.sayAll(citizen, "查询进度")
	f.say(citizen, "登记住址")
	f.say(citizen, "祖庙街道")
	f.say(citizen, "朝安东社区")
	u, err := m.store.WechatUserByOpenID(ctx, citizen)
	if err != nil || u.StreetCode == "" {
		t.Fatalf("the citizen's registration: %+v, %v", u, err)
	}

	// Campaigns pushed through the API: a household check to the
	// citizen's street, a self-check to the firm.
	firm, err := m.store.EnterpriseByUSCC(ctx, m.demo.USCC)
	if err != nil {
		t.Fatal(err)
	}
	f.pushCampaign(fmt.Sprintf(`{"name":"冬季家庭燃气与消防安全自查","template":"household","streets":[%q],"deadline_days":5,"push":"now"}`, u.StreetCode))
	f.pushCampaign(fmt.Sprintf(`{"name":"2026年冬季燃气安全与消防安全专项自查（餐饮场所）","template":"enterprise","enterprise_ids":[%d],"deadline_days":5,"push":"now"}`, firm.ID))
	f.waitOutbox(ctx)
	household := f.say(citizen, "家庭自查")
	f.answerAll(citizen, household)
	f.sayAll(citizen, "汇总")
	if r := f.say(citizen, "提交"); !strings.Contains(r, "提交成功") {
		t.Fatalf("household submit: %q", clipReply(r, 80))
	}

	// Every notice type, with values as the product makes them, a few
	// after each message of the user: WeChat allows 5 customer-service
	// messages per user message.
	today := time.Now().In(m.cfg.TZ)
	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
	item := "灭火器压力不足或超过有效期未检修"
	firmNotices := []regulator.Notice{
		{Name: regulator.NoticeAssigned, Fields: map[string]string{"title": "2026年冬季燃气安全与消防安全专项自查（餐饮场所）", "deadline": day(7)}},
		{Name: regulator.NoticeReminder, Fields: map[string]string{"title": "2026年冬季燃气安全与消防安全专项自查（餐饮场所）", "deadline": day(1), "days": "0"}},
		{Name: regulator.NoticeAccepted, Fields: map[string]string{"title": "企业安全生产综合自查（一表综合巡）", "note": "感谢如实填报"}},
		{Name: regulator.NoticeReturned, Fields: map[string]string{"title": "企业安全生产综合自查（一表综合巡）", "reason": "照片模糊\n无法看清灭火器压力表，请重新拍摄后提交"}},
		{Name: regulator.NoticeRectificationDue, Fields: map[string]string{"item": item, "severity": "较重", "deadline": day(10), "days": "10"}},
		{Name: regulator.NoticeRectificationListed, Fields: map[string]string{"item": item, "deadline": day(10)}},
		{Name: regulator.NoticeOverdue, Fields: map[string]string{"item": item, "deadline": day(-1)}},
		{Name: regulator.NoticeNotRectified, Fields: map[string]string{"item": item}},
		{Name: regulator.NoticeRectificationClosed, Fields: map[string]string{"item": item, "result": "逾期未整改已记录，本次销号不再计分"}},
		{Name: regulator.NoticeFixRejected, Fields: map[string]string{"item": item, "reason": "照片未显示压力表读数", "deadline": day(10)}},
		{Name: regulator.NoticeVisitScheduled, Fields: map[string]string{"item": item, "date": day(3)}},
		{Name: regulator.NoticeDeferralDecided, Fields: map[string]string{"result": "不批准延期", "reason": "整改难度不大，应按期完成", "deadline": day(10)}},
		{Name: regulator.NoticeGradeDrop, Fields: map[string]string{"from": "B", "grade": "D", "score": "512",
			"reasons": "严重隐患未整改（扣80分）；逾期未整改（扣30分）；自查未按期提交（扣10分）", "effective": day(0)}},
	}
	for i := range firmNotices {
		firmNotices[i].EnterpriseID = firm.ID
		firmNotices[i].Ref = "flow"
	}
	for i := 0; i < len(firmNotices); i += 4 {
		f.say(firmUser, "我的信用")
		if err := m.reg.Notify(ctx, firmNotices[i:min(i+4, len(firmNotices))]...); err != nil {
			t.Fatal(err)
		}
		f.waitOutbox(ctx)
	}
	f.say(citizen, "查询进度")
	if err := m.reg.Notify(ctx,
		regulator.Notice{Name: regulator.NoticeReportStatus, Ticket: ticket, OpenIDs: []string{citizen}, Ref: "flow",
			Fields: map[string]string{"ticket": ticket, "category": "消防安全", "status": "已办结", "note": ""}},
		regulator.Notice{Name: regulator.NoticeFollowup, Ticket: ticket, OpenIDs: []string{citizen}, Ref: "flow",
			Fields: map[string]string{"ticket": ticket, "category": "消防安全"}}); err != nil {
		t.Fatal(err)
	}
	f.waitOutbox(ctx)
	// The same notices once the user has not written for days: template
	// messages, each checked against its keywords' types.
	old := time.Now().Add(-72 * time.Hour).UTC()
	if err := m.store.DB().Exec("UPDATE wechat_users SET last_inbound_at = ? WHERE openid = ?", old, firmUser).Error; err != nil {
		t.Fatal(err)
	}
	for i := range firmNotices {
		firmNotices[i].Ref = "flow-template"
	}
	if err := m.reg.Notify(ctx, firmNotices...); err != nil {
		t.Fatal(err)
	}
	f.waitOutbox(ctx)

	var pushes struct {
		Pushes []struct{ OpenID, Kind string }
	}
	f.getJSON("/simulator/pushes?since=0", &pushes)
	kinds := map[string]int{}
	for _, p := range pushes.Pushes {
		kinds[p.Kind]++
	}
	t.Logf("%d replies (largest %d bytes, %d pages followed); delivered %v", f.replies, f.largest, f.pages, kinds)
	// Templates: the two campaign pushes, the two campaign notices (always
	// templates) and the second round; customer-service: the first
	// round's other notices and the citizen's two.
	want := map[string]int{"template": 2 + 2 + len(firmNotices), "custom": len(firmNotices) - 2 + 2}
	if kinds["template"] != want["template"] || kinds["custom"] != want["custom"] {
		t.Errorf("delivered %v, want %v", kinds, want)
	}
	var refused struct {
		Refused []struct {
			Path, Errmsg, OpenID, Body string
			Errcode                    int
		}
	}
	f.getJSON("/simulator/refused", &refused)
	for _, r := range refused.Refused {
		t.Errorf("refused: %s %d %s (%s) %s", r.Path, r.Errcode, r.Errmsg, r.OpenID, clipReply(r.Body, 300))
	}
	if c, _ := m.store.CountOutbox(ctx, 0); c.Dead != 0 || c.Pending != 0 {
		t.Errorf("outbox = %+v, want everything sent", c)
	}
}

// pushCampaign creates a campaign through the API, pushed at once, as the
// demo's administrator.
func (f *flowChat) pushCampaign(body string) {
	f.t.Helper()
	ctx := context.Background()
	admin, err := f.m.store.UserByUsername(ctx, f.m.demo.AdminUser)
	if err != nil {
		f.t.Fatal(err)
	}
	token, err := f.m.store.CreateAPIToken(ctx, admin.ID, "flow", "test")
	if err != nil {
		f.t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", f.m.URL()+"/api/v1/campaigns", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		f.t.Fatalf("campaign %s = %d, want 201", body, resp.StatusCode)
	}
}

// getJSON decodes a GET of the demo's path into v.
func (f *flowChat) getJSON(path string, v any) {
	f.t.Helper()
	resp, err := http.Get(f.m.URL() + path)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		f.t.Fatalf("GET %s: %v", path, err)
	}
}

// waitOutbox waits until the outbox worker has nothing pending.
func (f *flowChat) waitOutbox(ctx context.Context) {
	f.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := f.m.store.CountOutbox(ctx, 0)
		if err != nil {
			f.t.Fatal(err)
		}
		if c.Pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("outbox still has %d pending", c.Pending)
		}
		// Polls another goroutine's observable outcome; the sleep only
		// paces the loop.
		time.Sleep(20 * time.Millisecond)
	}
}

// clipReply shortens a reply for a failure message.
func clipReply(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
