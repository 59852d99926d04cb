package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// han matches a Chinese character: a refusal explains itself in Chinese.
var han = regexp.MustCompile(`\p{Han}`)

// pagingEdges are paging parameters no page links to: negative, huge, not
// numbers, a cursor that is not one, bytes that are not UTF-8.
var pagingEdges = []string{
	"limit=-1", "limit=0", "limit=99999999", "limit=99999999999999999999", "limit=abc",
	"after=garbage", "after=%FF%FE", "after=" + strings.Repeat("9", 400),
	"offset=-1", "offset=99999999999", "page=-1", "page=99999999", "page=abc",
	"sort=%27%3B+DROP+TABLE+enterprises%3B--", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "q=%FF",
}

// TestPagingEdges calls every GET route of the dashboard, the public pages
// and the API, as the administrator, with each paging edge: the answer is
// the page (the parameter clamped or ignored) or a 400 that says in Chinese
// what is wrong, never a server error.
func TestPagingEdges(t *testing.T) {
	w := newWorld(t, "mysql")
	admin, token := w.e.login("admin"), w.e.token("admin")
	m := w.matrix()
	var routes []string
	for k := range m {
		if strings.HasPrefix(k, "GET ") {
			routes = append(routes, k)
		}
	}
	slices.Sort(routes)
	counts := map[int]int{}
	for _, route := range routes {
		path := m[route].path
		for _, q := range pagingEdges {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			u := path + sep + q
			var status int
			var body string
			if strings.HasPrefix(path, "/api/") {
				status, body = w.e.apiRaw(token, http.MethodGet, u, "")
			} else {
				status, body = w.e.get(admin, u)
			}
			counts[status]++
			switch {
			case status >= 500:
				t.Errorf("%s: %d %.300s", u, status, body)
			case status == http.StatusBadRequest && !han.MatchString(body):
				t.Errorf("%s: 400 without a Chinese message: %.300s", u, body)
			case status == http.StatusSeeOther && path == "/admin/":
				// the front door sends the administrator to the ranking
			case status != http.StatusOK && status != http.StatusBadRequest:
				t.Errorf("%s: %d, want the page or 400", u, status)
			}
		}
	}
	t.Logf("%d routes × %d edges: statuses %v", len(routes), len(pagingEdges), counts)
}

// hostile is text a user might paste: markup, SQL, quotes and an emoji.
const hostile = `<script>alert("x")</script><b>粗体</b>'; DROP TABLE campaigns;-- & 🚒`

// TestFormEdges: text with markup and SQL submitted through a dashboard form
// is stored exactly as typed and shown escaped; bytes that are not UTF-8 are
// refused with a Chinese message and store nothing.
func TestFormEdges(t *testing.T) {
	w := newWorld(t, "mysql")
	admin := w.e.login("admin")
	ctx := t.Context()
	before, err := w.e.store.Campaigns(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		value  string
		stored bool
	}{
		{"markup and SQL", hostile, true},
		{"long", strings.Repeat("长", 60), true},
		{"invalid UTF-8", "消防\xff\xfe专项", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"name": {tc.value}, "template": {"enterprise"}, "deadline_days": {"10"}, "push": {"draft"},
				"csrf_token": {w.e.csrf(admin, "/admin/campaigns")}}
			status, _, body := w.e.post(admin, "/admin/campaigns", form)
			if status >= 500 {
				t.Fatalf("POST = %d %.300s", status, body)
			}
			all, err := w.e.store.Campaigns(ctx, 1000)
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, c := range all {
				found = found || c.Name == tc.value
			}
			if found != tc.stored {
				t.Errorf("POST = %d: stored %v, want %v (%d campaigns before, %d after)", status, found, tc.stored, len(before), len(all))
			}
			if !tc.stored {
				if status != http.StatusBadRequest && status != http.StatusOK || !han.MatchString(body) {
					t.Errorf("POST = %d %.300s, want the form again with a Chinese message", status, body)
				}
				return
			}
			_, page := w.e.get(admin, "/admin/campaigns")
			if strings.Contains(page, "<script>alert") || strings.Contains(page, "<b>粗体") {
				t.Errorf("campaign list renders the name unescaped")
			}
			if !strings.Contains(page, "&lt;script&gt;alert(") {
				t.Errorf("campaign list does not show the escaped name")
			}
		})
	}
}
