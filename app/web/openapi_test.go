package web_test

import (
	"fmt"
	"maps"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"selfcheck/app/web"
)

// TestOpenAPIRoutesAnswer checks that the served document lists exactly the
// routes of the API and that every one of them answers.
func TestOpenAPIRoutesAnswer(t *testing.T) {
	e := newEnv(t, "sqlite")
	var doc struct {
		OpenAPI string
		Paths   map[string]map[string]any
	}
	if status := e.api("", "GET", "/api/v1/openapi.json", "", &doc); status != 200 || doc.OpenAPI != "3.0.3" {
		t.Fatalf("GET openapi.json = %d %q", status, doc.OpenAPI)
	}
	var documented []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	want := web.OpenAPIPaths()
	sort.Strings(documented)
	sort.Strings(want)
	if diff := cmp.Diff(want, documented); diff != "" {
		t.Errorf("documented routes (-want +got):\n%s", diff)
	}
	tok := e.token("admin")
	ids := seedInspections(t, e)
	maps.Copy(ids, seedWork(t, e))
	bodies := map[string]string{"events": `{"kind":"penalty","severity":"一般","reason":"开放接口测试处罚"}`, "bindcode": `{"days":1}`}
	for _, route := range documented {
		method, path, _ := strings.Cut(route, " ")
		path = strings.ReplaceAll(path, "{id}", fmt.Sprint(idFor(path, ids, e.firms[0].ID)))
		body := bodies[path[strings.LastIndex(path, "/")+1:]]
		status := e.api(tok, method, path, body, nil)
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed || status >= 500 || status == 401 {
			t.Errorf("%s %s = %d", method, path, status)
		}
	}
	var notFound struct {
		Error struct{ Code, Message string }
	}
	if status := e.api(tok, "GET", "/api/v1/nope", "", &notFound); status != 404 || notFound.Error.Code != "not_found" || notFound.Error.Message == "" {
		t.Errorf("unknown route = %d %+v, want a JSON 404", status, notFound)
	}
}
