package models

import (
	"net/url"
	"strings"
	"testing"
)

// TestMySQLDSN: the settings the schema needs are added, the URL's own
// parameters kept, and clientFoundRows dropped even when asked for: with
// it, MySQL would count an existing row an insert left alone as changed,
// and the webhook would take known users for new ones.
func TestMySQLDSN(t *testing.T) {
	dsn, err := MySQLDSN("app:s3cret@db.internal/selfcheck?clientFoundRows=true&timeout=5s")
	if err != nil {
		t.Fatal(err)
	}
	addr, query, ok := strings.Cut(dsn, "?")
	if !ok || addr != "app:s3cret@tcp(db.internal:3306)/selfcheck" {
		t.Errorf("MySQLDSN address part = %q, want app:s3cret@tcp(db.internal:3306)/selfcheck", addr)
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"charset": "utf8mb4", "parseTime": "true", "loc": "UTC", "interpolateParams": "true", "timeout": "5s", "clientFoundRows": ""} {
		if got := q.Get(k); got != want {
			t.Errorf("MySQLDSN %s = %q, want %q (in %s)", k, got, want, dsn)
		}
	}
}
