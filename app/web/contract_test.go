package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"selfcheck/app/web"
	"selfcheck/models/modelstest"
)

// TestAPIContract calls every API route with valid input and with invalid
// input (an unknown record, a malformed body, no token) and validates each
// request and response against the served OpenAPI document, on both
// databases. Every error must be {"error":{"code","message","fields"}}.
func TestAPIContract(t *testing.T) {
	for _, mt := range []string{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/html"} {
		openapi3filter.RegisterBodyDecoder(mt, openapi3filter.FileBodyDecoder)
	}
	doc, err := web.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	doc.Servers = nil
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			w := newWorld(t, d)
			entries := w.matrix()
			c := &contract{t: t, e: w.e, router: router, token: w.e.token("admin")}
			var writes []web.Route
			for _, rt := range w.e.web.Routes() {
				if rt.Auth != web.AuthToken {
					continue
				}
				key := rt.Method + " " + rt.Pattern
				m, ok := entries[key]
				if !ok {
					t.Errorf("%s: no valid input in the matrix", key)
					continue
				}
				c.invalid(rt, m)
				if rt.Method == http.MethodGet {
					c.valid(rt, m)
				} else {
					writes = append(writes, rt)
				}
			}
			for _, rt := range writes {
				c.valid(rt, entries[rt.Method+" "+rt.Pattern])
			}
			c.check("GET", "/api/v1/openapi.json", "", "", 200)
			c.check("GET", "/api/v1/docs", "", "", 200)
		})
	}
}

// contract calls routes and validates them against the document.
type contract struct {
	t      *testing.T
	e      *env
	router routers.Router
	token  string
}

// valid calls rt as the administrator with the matrix's input and wants a
// success the document describes.
func (c *contract) valid(rt web.Route, m matrixEntry) {
	status := c.check(rt.Method, m.path, m.json, c.token, 0)
	if status >= 400 && !(rt.Method != http.MethodGet && (status == 400 || status == 409)) {
		c.t.Errorf("%s %s = %d, want success", rt.Method, m.path, status)
	}
}

// invalid calls rt without a token, on a record that does not exist, and
// with a malformed body, and wants the matching error.
func (c *contract) invalid(rt web.Route, m matrixEntry) {
	c.check(rt.Method, m.path, m.json, "", 401)
	if strings.Contains(rt.Pattern, "{id}") {
		path := rt.Pattern[:strings.Index(rt.Pattern, "{id}")] + "987654321" + rt.Pattern[strings.Index(rt.Pattern, "{id}")+4:]
		c.check(rt.Method, path, m.json, c.token, 404)
	}
	req, _ := http.NewRequest(rt.Method, c.e.srv.URL+m.path, nil)
	if route, _, err := c.router.FindRoute(req); err == nil && route.Operation.RequestBody != nil {
		c.check(rt.Method, m.path, `{"no_such_field":`, c.token, 400)
	}
}

// check sends one request, validates it and its response against the
// document, and returns the status; want, when not 0, is the status
// required. A request the document calls invalid must be answered 4xx.
func (c *contract) check(method, path, body, token string, want int) int {
	c.t.Helper()
	ctx := context.Background()
	req, _ := http.NewRequest(method, c.e.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		c.t.Errorf("%s %s: not in the document: %v", method, path, err)
		return 0
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
	reqErr := openapi3filter.ValidateRequest(ctx, in)
	req.Body = io.NopCloser(strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if want != 0 && resp.StatusCode != want {
		c.t.Errorf("%s %s %.80s = %d %.300s, want %d", method, path, body, resp.StatusCode, got, want)
	}
	if reqErr != nil && want < 400 && resp.StatusCode < 400 {
		c.t.Errorf("%s %s %.80s: accepted (%d) a request the document calls invalid: %v", method, path, body, resp.StatusCode, reqErr)
	}
	if reqErr == nil && want == 400 && slices.Contains([]string{"POST", "PATCH", "PUT"}, method) {
		c.t.Errorf("%s %s %.80s: the document accepts a malformed body", method, path, body)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	out.SetBodyBytes(got)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		c.t.Errorf("%s %s = %d: response does not match the document: %v\n%.600s", method, path, resp.StatusCode, err, bytes.TrimSpace(got))
	}
	return resp.StatusCode
}
