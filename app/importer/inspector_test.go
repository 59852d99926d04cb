package importer

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models/modelstest"
)

func TestCheckInspectors(t *testing.T) {
	csv := "姓名,执法部门,执法证号,有效期至,负责镇街,请假日期,状态\n" +
		"陈伟,消防救援,44060001,2028/6/30,祖庙街道、南庄镇,2026-05-20至2026-05-22,在岗\n" +
		"李静,市场监管,44060002,2028年1月1日,,,\n" +
		",消防救援,44060003,2028-01-01,,,\n" +
		"黄强,税务,44060004,2026-01-01,火星街道,5月1日,出差\n" +
		"梁敏,消防救援,44060001,2029-01-01,,,停用\n"
	tb, err := ReadCSV(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	today := time.Date(2026, 5, 11, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	res, err := CheckInspectors(tb, modelstest.District(t), func(d string) bool { return d == "消防救援" || d == "市场监管" }, today)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range res.Valid {
		got = append(got, fmt.Sprintf("%s %s %s %s %s %v", p.Name, p.CertNo, p.CertExpiresOn.In(today.Location()).Format(time.DateOnly), p.Streets, p.AwayDays, p.Active))
	}
	want := []string{"李静 44060002 2028-01-01   true"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("valid (-want +got):\n%s", diff)
	}
	var problems []string
	for _, p := range res.Problems {
		problems = append(problems, fmt.Sprintf("%d %s", p.Line, p.Reason()))
	}
	wantProblems := []string{
		"2 执法证号与第 6 行重复",
		"4 姓名为空",
		"5 执法证已于 2026-01-01 过期，不能列入名录；不在岗日期「5月1日」应写作 年-月-日 或 年-月-日~年-月-日；状态「出差」应为 在岗 或 停用；部门「税务」不是有效的部门名称；镇街「火星街道」不在本区",
		"6 执法证号与第 2 行重复",
	}
	if diff := cmp.Diff(wantProblems, problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if _, err := CheckInspectors(&Table{Header: []string{"姓名"}}, modelstest.District(t), nil, today); err == nil || !strings.Contains(err.Error(), "执法证号") {
		t.Errorf("missing columns: %v", err)
	}
}
