package main

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"selfcheck/bot"
	"selfcheck/bot/wechatsim"
)

// simulator is the demo-only WeChat simulator: a chat page, a small endpoint
// that turns what the page sends into real signed XML for /wechat, and the
// strict stand-in WeChat API under /simulator/api that outbound pushes
// reach. The stand-in knows the account's templates (WECHAT_TEMPLATES) and
// learns who follows the account and when they last wrote from what the
// page sends, so it refuses what WeChat would refuse.
type simulator struct {
	a      *App
	wechat http.Handler
	api    *wechatsim.Server
	msgID  atomic.Int64
	// shown is how each template id is drawn in the chat: its title and
	// keyword captions.
	shown map[string]bot.TemplateSpec
}

// mountSimulator registers /simulator, /simulator/send, /simulator/upload,
// /simulator/pushes, /simulator/refused and the stand-in API
// /simulator/api/ (demo mode only).
func (a *App) mountSimulator(mux *http.ServeMux, pages *template.Template, wechat http.Handler) {
	sim := &simulator{a: a, wechat: wechat, api: wechatsim.New(a.cfg.WeChat.AppID, a.cfg.WeChat.AppSecret)}
	sim.api.URL = a.cfg.PublicBaseURL + "/simulator/api"
	if ts, err := loadWeChatTemplates(a.cfg.TemplatesFile, a.assets, a.cfg.Demo); err == nil {
		// A bad mapping stops the outbox with its own message.
		sim.api.AddTemplate(simTemplates(ts)...)
		sim.shown = map[string]bot.TemplateSpec{}
		for _, spec := range ts {
			sim.shown[spec.ID] = spec
		}
	}
	sim.msgID.Store(time.Now().UnixNano() / 1000)
	sim.followers()
	mux.HandleFunc("GET /simulator", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		menu, _ := bot.LoadMenu(a.assets) // the account's menu, as WeChat draws it
		pages.ExecuteTemplate(w, "simulator", menu)
	})
	mux.HandleFunc("POST /simulator/send", sim.handleSend)
	mux.HandleFunc("POST /simulator/upload", sim.handleUpload)
	mux.HandleFunc("GET /simulator/pushes", sim.handlePushes)
	mux.HandleFunc("GET /simulator/refused", sim.handleRefused)
	mux.Handle("/simulator/api/", http.StripPrefix("/simulator/api", sim.api))
}

// simMessage is what the chat page sends.
type simMessage struct {
	OpenID  string  `json:"openid"`
	Kind    string  `json:"kind"` // text, image, location, event
	Content string  `json:"content"`
	MediaID string  `json:"media_id"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
	Label   string  `json:"label"`
	Event   string  `json:"event"`
	Key     string  `json:"key"`
}

// handleSend builds the message XML WeChat would post, signs it with the
// token and passes it through the real /wechat handler; the reply's text
// goes back to the page.
func (sim *simulator) handleSend(w http.ResponseWriter, r *http.Request) {
	var m simMessage
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&m); err != nil || m.OpenID == "" {
		http.Error(w, "bad message", http.StatusBadRequest)
		return
	}
	sim.inbound(m)
	now := time.Now()
	var b strings.Builder
	fmt.Fprintf(&b, "<xml><ToUserName>%s</ToUserName><FromUserName>%s</FromUserName><CreateTime>%d</CreateTime>",
		cdata("gh_demo"), cdata(m.OpenID), now.Unix())
	switch m.Kind {
	case "event":
		fmt.Fprintf(&b, "<MsgType>%s</MsgType><Event>%s</Event><EventKey>%s</EventKey>", cdata("event"), cdata(m.Event), cdata(m.Key))
	case "image":
		fmt.Fprintf(&b, "<MsgType>%s</MsgType><PicUrl>%s</PicUrl><MediaId>%s</MediaId><MsgId>%d</MsgId>",
			cdata("image"), cdata(sim.api.URL+"/media/"+m.MediaID), cdata(m.MediaID), sim.msgID.Add(1))
	case "location":
		fmt.Fprintf(&b, "<MsgType>%s</MsgType><Location_X>%f</Location_X><Location_Y>%f</Location_Y><Scale>15</Scale><Label>%s</Label><MsgId>%d</MsgId>",
			cdata("location"), m.Lat, m.Lon, cdata(m.Label), sim.msgID.Add(1))
	default:
		fmt.Fprintf(&b, "<MsgType>%s</MsgType><Content>%s</Content><MsgId>%d</MsgId>", cdata("text"), cdata(m.Content), sim.msgID.Add(1))
	}
	b.WriteString("</xml>")
	ts, nonce := strconv.FormatInt(now.Unix(), 10), randomHex(8)
	parts := []string{sim.a.cfg.WeChat.Token, ts, nonce}
	sort.Strings(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	target := "/wechat?signature=" + hex.EncodeToString(sum[:]) + "&timestamp=" + ts + "&nonce=" + nonce + "&openid=" + m.OpenID
	req := httptest.NewRequestWithContext(r.Context(), http.MethodPost, target, strings.NewReader(b.String()))
	req.Header.Set("Content-Type", "text/xml")
	rec := httptest.NewRecorder()
	sim.wechat.ServeHTTP(rec, req)
	// What the user sees: WeChat shows 该公众号暂时无法提供服务 for a reply
	// it cannot show, such as a text over 2,048 bytes.
	reply := wechatsim.Unavailable
	if rec.Code == http.StatusOK {
		reply, _ = sim.api.Reply(m.OpenID, rec.Body.Bytes())
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(map[string]any{"status": rec.Code, "reply": reply, "sent": b.String()})
}

// followers tells the stand-in API who follows the account: the users of
// earlier runs of the demo, with when they last wrote.
func (sim *simulator) followers() {
	var rows []struct {
		OpenID        string     `gorm:"column:openid"`
		LastInboundAt *time.Time `gorm:"column:last_inbound_at"`
	}
	err := sim.a.store.DB().Table("wechat_users").Select("openid, last_inbound_at").Where("subscribed = ?", true).Scan(&rows).Error
	if err != nil {
		sim.a.log.Warn("simulator: followers of earlier runs unknown", "err", err)
		return
	}
	for _, r := range rows {
		var last time.Time
		if r.LastInboundAt != nil {
			last = *r.LastInboundAt
		}
		sim.api.Follower(r.OpenID, last)
	}
}

// inbound tells the stand-in API what WeChat learns from a user's message
// or event: who follows the account, and the customer-service window it
// opens.
func (sim *simulator) inbound(m simMessage) {
	switch {
	case m.Kind != "event":
		sim.api.UserMessage(m.OpenID)
	case m.Event == "subscribe":
		sim.api.Subscribe(m.OpenID)
	case m.Event == "unsubscribe":
		sim.api.Unsubscribe(m.OpenID)
	default: // SCAN, CLICK, VIEW, LOCATION
		sim.api.UserEvent(m.OpenID)
	}
}

// simTemplates are the account's templates (我的模板) as the mapping
// declares them: one per template id, with its keywords.
func simTemplates(ts bot.Templates) []wechatsim.Template {
	byID := map[string]*wechatsim.Template{}
	var ids []string
	for _, spec := range ts {
		if _, ok := byID[spec.ID]; !ok {
			t := &wechatsim.Template{ID: spec.ID}
			byID[spec.ID] = t
			ids = append(ids, spec.ID)
			for k := range spec.Fields {
				t.Keywords = append(t.Keywords, k)
			}
		}
	}
	sort.Strings(ids)
	out := make([]wechatsim.Template, 0, len(ids))
	for _, id := range ids {
		out = append(out, *byID[id])
	}
	return out
}

// handleUpload keeps an uploaded photo in the stand-in API and returns its
// media id, as WeChat does for a photo sent in the chat.
func (sim *simulator) handleUpload(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	if err != nil || len(data) == 0 {
		http.Error(w, "empty upload", http.StatusBadRequest)
		return
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		ct = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(map[string]string{"media_id": sim.api.AddMedia(ct, data)})
}

// handlePushes lists the messages the stand-in API delivered after the
// index in ?since (repeats it dropped and failed sends are not deliveries),
// so pushes appear in the chat of the user they went to.
func (sim *simulator) handlePushes(w http.ResponseWriter, r *http.Request) {
	since, _ := strconv.Atoi(r.URL.Query().Get("since"))
	ds, next := sim.api.DeliveriesSince(since)
	type push struct {
		OpenID string `json:"openid"`
		Kind   string `json:"kind"`
		Text   string `json:"text"`
	}
	out := make([]push, 0, len(ds))
	for _, d := range ds {
		text := d.Text
		if d.Kind == "template" {
			keys := make([]string, 0, len(d.Data))
			for k := range d.Data {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			spec := sim.shown[d.TemplateID]
			var b strings.Builder
			if spec.Title != "" {
				fmt.Fprintf(&b, "【%s】\n", spec.Title)
			}
			for _, k := range keys {
				caption := spec.Labels[k]
				if caption == "" {
					caption = k
				}
				fmt.Fprintf(&b, "%s：%s\n", caption, d.Data[k])
			}
			text = strings.TrimSpace(b.String())
		}
		out = append(out, push{OpenID: d.OpenID, Kind: d.Kind, Text: text})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(map[string]any{"next": next, "pushes": out})
}

// handleRefused lists what the stand-in refused as WeChat would: API calls
// answered with an error code, and passive replies WeChat cannot show.
func (sim *simulator) handleRefused(w http.ResponseWriter, r *http.Request) {
	type refusal struct {
		Path   string `json:"path"`
		Code   int    `json:"errcode"`
		Msg    string `json:"errmsg"`
		OpenID string `json:"openid,omitempty"`
		Body   string `json:"body,omitempty"`
	}
	out := []refusal{}
	for _, f := range sim.api.Refused() {
		out = append(out, refusal{Path: f.Path, Code: f.Code, Msg: f.Msg, OpenID: f.OpenID, Body: f.Body})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(map[string]any{"refused": out})
}

func cdata(s string) string {
	return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>"
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
