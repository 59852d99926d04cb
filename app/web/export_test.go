package web_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExport(t *testing.T) {
	e := newEnv(t, "sqlite")
	// A name that is a formula reaches the workbook as text.
	const evil = `=HYPERLINK("http://x","y")`
	if err := e.store.DB().Exec("UPDATE enterprises SET name = ? WHERE id = ?", evil, e.firms[0].ID).Error; err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/ranking/export?street=440604012", nil)
	req.Header.Set("Authorization", "Bearer "+e.token("admin"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("export = %d %s", resp.StatusCode, b)
	}
	x, err := excelize.OpenReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("信用排名")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][1] != "企业名称" || rows[1][3] != "祖庙街道" {
		t.Errorf("export rows = %q, want a header and the two firms of 祖庙街道", rows)
	}
	names := map[string]bool{}
	for _, r := range rows[1:] {
		names[r[1]] = true
	}
	if !names["'"+evil] || names[evil] {
		t.Errorf("firm names in the export = %v, want the formula neutralised as '%s", names, evil)
	}
	c := e.login("admin")
	if status, _ := e.get(c, "/admin/ranking/export.xlsx?grade=A"); status != 200 {
		t.Errorf("dashboard export = %d", status)
	}
}
