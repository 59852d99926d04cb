package bot

import (
	"context"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// hostileText is what a user may paste into a chat: markup, SQL, quotes,
// an emoji.
const hostileText = `<script>alert("x")</script><b>粗</b>'; DROP TABLE citizen_reports;-- & 🚒 ]]>`

// TestChatEdges posts messages no client should send and messages users do
// send: bytes that are not UTF-8 are refused with 400 and record nothing; a
// 10,000-character text is answered in Chinese with the limit and recorded
// once; markup and SQL in a report are stored exactly as typed.
func TestChatEdges(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		now := testNow
		b := newTestBot(t, s, &now)
		srv := httptest.NewServer(b)
		defer srv.Close()
		u := signedURL(srv.URL, now, nil)
		han := regexp.MustCompile(`\p{Han}`)
		var id int64
		tests := []struct {
			name, openID, text string
			status             int
			want               string // in the reply
		}{
			{"invalid UTF-8", "o-edge-1", "帮\xff\xfe助", 400, ""},
			{"invalid UTF-8 sender", "o-\xff", "帮助", 400, ""},
			{"10,000 characters", "o-edge-2", strings.Repeat("长", 10000), 200, "10000字"},
			{"10,000 ASCII", "o-edge-2", strings.Repeat("a", 10000), 200, "10000字"},
			{"markup alone", "o-edge-3", hostileText, 200, ""},
			{"report: start", "o-edge-4", "我要举报", 200, "类别"},
			{"report: category", "o-edge-4", "2", 200, "描述"},
			{"report: markup and SQL", "o-edge-4", hostileText, 200, ""},
			{"report: no photos", "o-edge-4", "完成", 200, ""},
			{"report: address", "o-edge-4", "<i>祖庙路1号</i>' OR 1=1 --", 200, ""},
			{"report: firm", "o-edge-4", "跳过", 200, ""},
		}
		for _, tc := range tests {
			before := countNonces(t, s)
			id++
			// WeChat splits a CDATA section around a "]]>" typed by the user.
			status, raw := post(t, u, textXML(tc.openID, id, strings.ReplaceAll(tc.text, "]]>", "]]]]><![CDATA[>")))
			if status != tc.status {
				t.Fatalf("%s: %d %.200q, want %d", tc.name, status, raw, tc.status)
			}
			added := countNonces(t, s) - before
			if status != 200 {
				if added != 0 {
					t.Errorf("%s: refused but %d messages recorded", tc.name, added)
				}
				continue
			}
			reply := replyContent(t, raw)
			if added != 1 || !han.MatchString(reply) || !utf8.ValidString(reply) || !strings.Contains(reply, tc.want) {
				t.Errorf("%s: recorded %d, reply %.200q, want one record and a Chinese reply with %q", tc.name, added, reply, tc.want)
			}
		}
		users, _, err := s.EnsureWechatUsers(context.Background(), []string{"o-edge-4"})
		if err != nil {
			t.Fatal(err)
		}
		reports, err := s.ReportsByReporter(context.Background(), users["o-edge-4"], 10)
		if err != nil || len(reports) != 1 {
			t.Fatalf("reports of o-edge-4: %v %v, want one", reports, err)
		}
		if r := reports[0]; r.Description != hostileText || r.Address != "<i>祖庙路1号</i>' OR 1=1 --" {
			t.Errorf("stored description %q address %q, want them as typed", r.Description, r.Address)
		}
	})
}
