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
	for _, name := range []string{"RankingList", "EnterpriseFileV1", "CampaignV1", "ReportDetail", "OrderV1", "Error"} {
		s := doc.Components.Schemas[name]
		if s == nil || s.Value == nil || len(s.Value.Properties) == 0 {
			t.Errorf("component %s = %+v, want a schema with properties", name, s)
		}
	}
}
