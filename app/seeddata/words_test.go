package seeddata

import (
	"os"
	"testing"

	"selfcheck/models"
)

// TestCitizenCategoriesAreReportCategories keeps the demo reports in the
// vocabulary citizens choose from in the chat.
func TestCitizenCategoriesAreReportCategories(t *testing.T) {
	labels, err := models.LoadLabels(os.DirFS("../../templates"), "labels.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range citizenCategories {
		if rc, ok := labels.ReportCategory(c.category); !ok || !rc.Offered {
			t.Errorf("demo report category %q is not a category citizens are offered in labels.yaml", c.category)
		}
	}
}
