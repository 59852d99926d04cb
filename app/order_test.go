package main

import (
	"bytes"
	"context"
	"selfcheck/app/regulator"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestCreateOrderRefusals: invalid orders are refused with the reason in
// Chinese, and nothing is stored.
func TestCreateOrderRefusals(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, d, inspectionNow)
			firm := firmAt(t, a, 23.03, 113.11, "440604012001")
			fire := &models.User{Username: "xf", Role: models.RoleDepartment, Scope: "xfjy"}
			ok := regulator.OrderInput{Department: "消防救援", Reason: "routine", Items: []string{"FS-01"}, From: day(2026, 5, 12), To: day(2026, 5, 15), Targets: []int64{firm.ID}}
			cases := []struct {
				name   string
				by     *models.User
				mutate func(*regulator.OrderInput)
				code   string
				text   string
			}{
				{"ErrNoTargets", fire, func(o *regulator.OrderInput) { o.Targets = nil }, models.EINVALID, "没有检查对象"},
				{"ErrEmptyFilter", fire, func(o *regulator.OrderInput) { o.Targets, o.Filter = nil, &models.TargetFilter{Industry: "陶瓷"} }, models.EINVALID, "没有检查对象"},
				{"ErrUnknownTarget", fire, func(o *regulator.OrderInput) { o.Targets = []int64{firm.ID, 999999} }, models.EINVALID, "#999999 不存在"},
				{"ErrUnknownItem", fire, func(o *regulator.OrderInput) { o.Items = []string{"FS-01", "XX-99"} }, models.EINVALID, "XX-99 不在标准检查清单中"},
				{"ErrPastWindow", fire, func(o *regulator.OrderInput) { o.From, o.To = day(2026, 5, 6), day(2026, 5, 8) }, models.EINVALID, "不能早于今天"},
				{"ErrReversedWindow", fire, func(o *regulator.OrderInput) { o.From, o.To = day(2026, 5, 15), day(2026, 5, 12) }, models.EINVALID, "结束日期早于开始日期"},
				{"ErrReason", fire, func(o *regulator.OrderInput) { o.Reason = "whim" }, models.EINVALID, "检查事由"},
				{"ErrOtherDepartment", fire, func(o *regulator.OrderInput) { o.Department, o.Items = "市场监管", []string{"FD-03"} }, models.EFORBIDDEN, "本部门名义"},
				{"ErrItemOutsideRemit", fire, func(o *regulator.OrderInput) { o.Items = []string{"FD-03"} }, models.EFORBIDDEN, "FD-03 不属于消防救援的职责范围"},
				{"ErrStreetScope", &models.User{Username: "jd", Role: models.RoleStreet, Scope: "440604010"}, nil, models.EINVALID, "不在本镇街范围内"},
			}
			for _, tc := range cases {
				in := ok
				if tc.mutate != nil {
					tc.mutate(&in)
				}
				_, err := a.reg.CreateOrder(ctx, tc.by, in)
				if models.ErrorCode(err) != tc.code || !strings.Contains(models.ErrorMessage(err), tc.text) {
					t.Errorf("%s: createOrder = %v, want %s containing %q", tc.name, err, tc.code, tc.text)
				}
			}
			var n int64
			a.store.DB().Table("inspection_orders").Count(&n)
			var targets int64
			a.store.DB().Table("order_targets").Count(&targets)
			if n != 0 || targets != 0 {
				t.Fatalf("refused orders left %d orders, %d targets", n, targets)
			}
			// A co-department may order a shared item: FS-30 is 消防救援's, with 市场监管.
			market := &models.User{Username: "sj", Role: models.RoleDepartment, Scope: "scjg"}
			in := ok
			in.Department, in.Items = "市场监管", []string{"FS-30", "FD-03"}
			if _, err := a.reg.CreateOrder(ctx, market, in); err != nil {
				t.Errorf("co-department order: %v", err)
			}
			if _, err := a.reg.CreateOrder(ctx, fire, regulator.OrderInput{Department: "消防救援", Reason: "complaint", Items: []string{"FS-01"},
				From: day(2026, 5, 11), To: day(2026, 5, 11), Filter: &models.TargetFilter{StreetCode: "440604012"}}); err != nil {
				t.Errorf("order by filter: %v", err)
			}
		})
	}
}

// TestPublicityExports: the public rows carry no personal data and export to
// CSV and XLSX.
func TestPublicityExports(t *testing.T) {
	ctx := context.Background()
	a := newTestApp(t, "sqlite", inspectionNow)
	addRosters(t, a, "消防救援")
	firm := firmAt(t, a, 23.03, 113.11, "440604012001")
	if _, err := a.reg.CreateOrder(ctx, admin, regulator.OrderInput{Department: "消防救援", Reason: "routine", Items: []string{"FS-01"},
		From: day(2026, 5, 11), To: day(2026, 5, 11), Targets: []int64{firm.ID}}); err != nil {
		t.Fatal(err)
	}
	res, err := a.reg.MakePlan(ctx, adminNamed("test"), regulator.PlanInput{From: day(2026, 5, 11), To: day(2026, 5, 11), Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	vs, _ := a.store.PlanVisits(ctx, res.PlanID)
	if _, err := a.reg.RecordOnsite(ctx, adminNamed("检查员"), vs[0].ID, []regulator.ItemResult{{ItemID: "FS-01", Compliant: true}}); err != nil {
		t.Fatal(err)
	}
	var csvOut bytes.Buffer
	if err := a.reg.ExportPublicity(ctx, nil, &csvOut, "csv", day(2026, 5, 1), day(2026, 5, 31)); err != nil {
		t.Fatal(err)
	}
	want := "2026-05-11," + firm.Name + "," + firm.USCC + ",祖庙街道,消防救援,未发现问题"
	if !strings.Contains(csvOut.String(), want) || strings.Contains(csvOut.String(), firm.LegalRep+",") && firm.LegalRep != "" {
		t.Errorf("CSV:\n%s\nwant a line %s", csvOut.String(), want)
	}
	var xlsx bytes.Buffer
	if err := a.reg.ExportPublicity(ctx, nil, &xlsx, "xlsx", day(2026, 5, 1), day(2026, 5, 31)); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&xlsx)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := x.GetCellValue("检查结果公示", "B2"); v != firm.Name {
		t.Errorf("XLSX B2 = %q, want %q", v, firm.Name)
	}
}
