package web_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"selfcheck/app/web"
	"selfcheck/models/modelstest"
)

type eventsBody struct {
	web.EventList
	Error struct {
		Code   string
		Fields map[string]string
	}
}

// feedOf lists "kind record status" of a page.
func feedOf(b eventsBody) []string {
	out := []string{}
	for _, ev := range b.Items {
		status := ""
		if ev.Status != nil {
			status = ev.Status.Code
		}
		out = append(out, fmt.Sprintf("%s %d %s", ev.Kind.Code, ev.RecordID, status))
	}
	return out
}

func TestChangeFeed(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			admin, street := e.token("admin"), e.token("zumiao")
			f := e.firms
			var all eventsBody
			if status := e.api(admin, "GET", "/api/v1/events", "", &all); status != 200 {
				t.Fatalf("GET events = %d %+v", status, all.Error)
			}
			want := []string{fmt.Sprintf("score %d C", f[0].ID), fmt.Sprintf("score %d C", f[1].ID), fmt.Sprintf("score %d C", f[2].ID)}
			if diff := cmp.Diff(want, feedOf(all)); diff != "" {
				t.Errorf("feed (-want +got):\n%s", diff)
			}
			var scoped eventsBody
			e.api(street, "GET", "/api/v1/events", "", &scoped)
			if diff := cmp.Diff(want[:2], feedOf(scoped)); diff != "" {
				t.Errorf("street user's feed (-want +got):\n%s", diff)
			}
			// Paging: one at a time reaches the same rows.
			var paged []string
			next := ""
			for range 5 {
				var p eventsBody
				e.api(admin, "GET", "/api/v1/events?limit=1&after="+next, "", &p)
				if len(p.Items) == 0 {
					if p.Next != next && !(next == "" && p.Next == "0") {
						t.Errorf("empty page next = %q, want the cursor %q back", p.Next, next)
					}
					break
				}
				paged, next = append(paged, feedOf(p)...), p.Next
			}
			if diff := cmp.Diff(want, paged); diff != "" {
				t.Errorf("paged feed (-want +got):\n%s", diff)
			}
			// A penalty rescored the firm: one new row after the cursor.
			body := `{"kind":"penalty","severity":"严重","reason":"变更订阅测试处罚"}`
			if status := e.api(admin, "POST", fmt.Sprintf("/api/v1/enterprises/%d/events", f[2].ID), body, nil); status != 201 {
				t.Fatalf("penalty = %d", status)
			}
			var after eventsBody
			e.api(admin, "GET", "/api/v1/events?after="+all.Next, "", &after)
			if diff := cmp.Diff([]string{fmt.Sprintf("score %d D", f[2].ID)}, feedOf(after)); diff != "" {
				t.Errorf("feed after the penalty (-want +got):\n%s", diff)
			}
			if len(after.Items) == 1 && (after.Items[0].Score == nil || after.Items[0].Link != fmt.Sprintf("/api/v1/enterprises/%d", f[2].ID)) {
				t.Errorf("score change = %+v, want its score and link", after.Items[0])
			}
			e.api(street, "GET", "/api/v1/events?after="+all.Next, "", &scoped)
			if len(scoped.Items) != 0 {
				t.Errorf("street user sees another street's change: %v", feedOf(scoped))
			}
			for _, tc := range []struct{ name, query, field string }{
				{"ErrLimitZero", "limit=0", "limit"},
				{"ErrLimitTooLarge", "limit=501", "limit"},
				{"ErrAfter", "after=abc", "after"},
			} {
				var bad eventsBody
				if status := e.api(admin, "GET", "/api/v1/events?"+tc.query, "", &bad); status != 400 || bad.Error.Fields[tc.field] == "" {
					t.Errorf("%s: GET events?%s = %d %+v, want 400 on %s", tc.name, tc.query, status, bad.Error, tc.field)
				}
			}
		})
	}
}

// TestReportListPaging walks the report queue one report a page.
func TestReportListPaging(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			w := newWorld(t, d)
			tok := w.e.token("admin")
			var all struct{ web.ReportList }
			if status := w.e.api(tok, "GET", "/api/v1/reports?limit=500", "", &all); status != 200 || len(all.Items) < 2 || all.Next != "" {
				t.Fatalf("GET reports = %d, %d items, next %q; want 2 or more on one page", status, len(all.Items), all.Next)
			}
			var paged []int64
			next := ""
			for range len(all.Items) + 1 {
				var p struct{ web.ReportList }
				if status := w.e.api(tok, "GET", "/api/v1/reports?limit=1&after="+next, "", &p); status != 200 {
					t.Fatalf("page after %q = %d", next, status)
				}
				for _, r := range p.Items {
					paged = append(paged, r.ID)
				}
				if next = p.Next; next == "" {
					break
				}
			}
			var want []int64
			for _, r := range all.Items {
				want = append(want, r.ID)
			}
			if diff := cmp.Diff(want, paged); diff != "" {
				t.Errorf("paged reports (-want +got):\n%s", diff)
			}
			var bad eventsBody
			if status := w.e.api(tok, "GET", "/api/v1/reports?after=x", "", &bad); status != 400 || bad.Error.Fields["after"] == "" {
				t.Errorf("bad cursor = %d %+v, want 400 on after", status, bad.Error)
			}
		})
	}
}
