package web_test

import (
	"context"
	"testing"

	"selfcheck/app/web"
)

// TestOpenAPIDocumentValid checks the generated document against the
// OpenAPI 3 rules, examples included.
func TestOpenAPIDocumentValid(t *testing.T) {
	doc, err := web.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("OpenAPI document: %v", err)
	}
	// Every JSON success names its Go type, so clients get real types.
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for code, resp := range op.Responses.Map() {
				mt := resp.Value.Content.Get("application/json")
				if code[0] != '2' || mt == nil || path == "/api/v1/openapi.json" {
					continue
				}
				if mt.Schema.Ref == "" {
					t.Errorf("%s %s %s: response schema is not a named type", method, path, code)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value.Content.Get("application/json").Schema.Ref == "" {
				t.Errorf("%s %s: request body schema is not a named type", method, path)
			}
		}
	}
	for _, name := range []string{"RankingList", "EnterpriseFileV1", "CampaignV1", "ReportDetail", "OrderV1", "Error"} {
		s := doc.Components.Schemas[name]
		if s == nil || s.Value == nil || len(s.Value.Properties) == 0 {
			t.Errorf("component %s = %+v, want a schema with properties", name, s)
		}
	}
}
