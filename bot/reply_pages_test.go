package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestSplitPages(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		max  int
		want []string
	}{
		{name: "OKFits", text: "一\n二", max: 100, want: []string{"一\n二"}},
		{name: "OKAtLines", text: "一一\n二二\n三三", max: 13, want: []string{"一一\n二二", "三三"}},
		{name: "OKBlankLinesDropped", text: "一一\n\n二二", max: 7, want: []string{"一一", "二二"}},
		{name: "OKLongLineBetweenRunes", text: "一二三四五", max: 7, want: []string{"一二", "三四", "五"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := splitPages(tc.text, tc.max)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("splitPages(%q, %d) = %q, want %q", tc.text, tc.max, got, tc.want)
			}
			for _, p := range got {
				if len(p) > tc.max || !utf8.ValidString(p) {
					t.Errorf("page %q: %d bytes (max %d), valid UTF-8 %v", p, len(p), tc.max, utf8.ValidString(p))
				}
			}
		})
	}
}

// TestReplyPaging: a reply over MaxReplyBytes comes in pages that each fit,
// cut at lines, continued by 更多 from the saved session (so any replica
// continues it); another message drops the rest.
func TestReplyPaging(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		now := testNow
		b := newTestBot(t, s, &now)
		var lines []string
		for i := range 120 {
			lines = append(lines, fmt.Sprintf("%d. 第%d项：灭火器压力不足或超过有效期未检修", i+1, i+1))
		}
		long := strings.Join(lines, "\n")
		first, rest := b.texts.paginate([]Outbound{{Text: long}})
		if len(first) != 1 || len(rest) < 2 {
			t.Fatalf("paginate: %d replies and %d more pages, want 1 and several", len(first), len(rest))
		}
		got := first[0].Text
		for _, p := range append([]string{got}, rest...) {
			if len(p) > MaxReplyBytes {
				t.Errorf("a page of %d bytes", len(p))
			}
		}
		if !strings.HasSuffix(got, "回复“更多”查看后续") || strings.HasSuffix(rest[len(rest)-1], "回复“更多”查看后续") {
			t.Errorf("the hint ends every page but the last: first %q, last %q", got[len(got)-40:], rest[len(rest)-1])
		}
		// Through the engine: the session keeps the rest for 更多.
		ctx := context.Background()
		openID := "o-paging"
		var all []string
		for _, p := range append([]string{got}, rest...) {
			all = append(all, strings.TrimSuffix(strings.SplitN(p, "\n\n（第", 2)[0], "\n"))
		}
		if strings.Join(all, "\n") != long {
			t.Errorf("the pages joined are not the text")
		}
		if err := s.SaveConversations(ctx, map[string]string{openID: mustEncode(t, &session{More: rest})}); err != nil {
			t.Fatal(err)
		}
		send := func(text string, id int64) string {
			out, err := b.Handle(ctx, Inbound{OpenID: openID, Kind: KindText, Content: text, MsgID: id, Time: now})
			if err != nil || len(out) != 1 {
				t.Fatalf("Handle(%s) = %v, %v", text, out, err)
			}
			return out[0].Text
		}
		if got := send("更多", 1); got != rest[0] {
			t.Errorf("更多 = %.60q, want the second page", got)
		}
		if got := send("帮助", 2); !strings.Contains(got, "可以回复以下关键词") {
			t.Errorf("帮助 = %.60q", got)
		}
		if got := send("更多", 3); !strings.Contains(got, "没有更多内容") {
			t.Errorf("更多 after another message = %.60q, want none left", got)
		}
	})
}

func mustEncode(t *testing.T, st *session) string {
	t.Helper()
	raw, err := st.encode()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
