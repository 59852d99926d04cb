package planner

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func date(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }

// roster returns n certified inspectors of each department, ids from base.
func roster(base int64, n int, depts ...string) []Inspector {
	var out []Inspector
	for _, d := range depts {
		for i := range n {
			out = append(out, Inspector{ID: base + int64(i), Department: d, Certified: true})
		}
		base += 100
	}
	return out
}

func firm(id int64, lat, lon float64) Firm {
	return Firm{ID: id, Name: fmt.Sprintf("企业%d", id), Street: "S1", Grid: "G1", Lat: lat, Lon: lon, HasCoords: true, Grade: "B"}
}

func baseInput() Input {
	return Input{
		From: date(5, 4), To: date(5, 15), Seed: 42,
		Inspectors: roster(1, 4, "消防救援", "市场监管"),
	}
}

func TestMergeOverlapping(t *testing.T) {
	in := baseInput()
	in.Firms = []Firm{firm(1, 23.03, 113.12)}
	in.Equivalent = map[string]string{"FD-09": "FS-03"}
	in.Orders = []Order{
		{ID: 10, Department: "消防救援", Reason: ReasonRoutine, Items: []string{"FS-01", "FS-03"}, From: date(5, 4), To: date(5, 8), Targets: []int64{1}},
		{ID: 11, Department: "市场监管", Reason: ReasonComplaint, Items: []string{"FS-03", "FD-01", "FD-09"}, From: date(5, 6), To: date(5, 12), Targets: []int64{1}},
		{ID: 12, Department: "市场监管", Reason: ReasonRoutine, Items: []string{"FD-02"}, From: date(5, 13), To: date(5, 15), Targets: []int64{1}},
	}
	p, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Visits) != 2 {
		t.Fatalf("Build: %d visits, want 2 (two merged, one apart)\n%s", len(p.Visits), strings.Join(p.Explanation, "\n"))
	}
	v := p.Visits[0]
	if diff := cmp.Diff([]int64{10, 11}, v.Orders); diff != "" {
		t.Errorf("merged orders (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"FS-01", "FS-03", "FD-01"}, v.Items); diff != "" {
		t.Errorf("merged items (-want +got):\n%s", diff)
	}
	if v.Date.Before(date(5, 6)) || v.Date.After(date(5, 8)) {
		t.Errorf("merged visit on %s, want within the common window 05-06..05-08", day(v.Date))
	}
	if len(v.Inspectors) < 2 {
		t.Errorf("visit has %d inspectors, want >= 2", len(v.Inspectors))
	}
	var once []string
	for _, a := range p.Avoided {
		if a.Cause == AvoidAskedOnce {
			once = append(once, fmt.Sprintf("%d:%s=%s", a.OrderID, a.Item, a.AskedAs))
		}
	}
	if diff := cmp.Diff([]string{"11:FS-03=FS-03", "11:FD-09=FS-03"}, once); diff != "" {
		t.Errorf("asked once (-want +got):\n%s", diff)
	}
	if !strings.Contains(strings.Join(p.Explanation, "\n"), "指令#10（消防救援·例行检查，2026-05-04至2026-05-08）、指令#11") {
		t.Errorf("explanation does not explain the merge:\n%s", strings.Join(p.Explanation, "\n"))
	}
}

func TestExemptAuditComplaintCap(t *testing.T) {
	in := baseInput()
	exempt := firm(1, 23.03, 113.12)
	exempt.Exempt, exempt.Grade, exempt.SelfCheckID = true, "A", 77
	picked := firm(2, 23.031, 113.12)
	picked.Exempt, picked.Grade, picked.AuditPick = true, "A", true
	complained := firm(3, 23.032, 113.12)
	complained.Exempt, complained.Grade, complained.ComplaintID = true, "A", 5
	capped := firm(4, 23.033, 113.12)
	capped.VisitsThisYear = 2
	in.YearlyCap = 2
	in.Firms = []Firm{exempt, picked, complained, capped}
	in.Orders = []Order{
		{ID: 1, Department: "消防救援", Reason: ReasonRoutine, Items: []string{"FS-01"}, From: date(5, 4), To: date(5, 15), Targets: []int64{1, 2, 3, 4}},
		{ID: 2, Department: "市场监管", Reason: ReasonComplaint, Items: []string{"FD-01"}, From: date(5, 4), To: date(5, 5), Targets: []int64{4}},
		{ID: 3, Department: "市场监管", Reason: ReasonRoutine, Items: []string{"FD-01"}, From: date(5, 11), To: date(5, 15), Targets: []int64{4}},
	}
	p, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range p.Visits {
		got = append(got, fmt.Sprintf("firm %d orders %v", v.EnterpriseID, v.Orders))
	}
	slices.Sort(got)
	want := []string{"firm 2 orders [1]", "firm 3 orders [1]", "firm 4 orders [1 2]"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("visits (-want +got):\n%s", diff)
	}
	var skips []string
	for _, s := range p.Skips {
		skips = append(skips, fmt.Sprintf("order %d firm %d %s self-check %d", s.OrderID, s.EnterpriseID, s.Cause, s.SelfCheckID))
	}
	wantSkips := []string{"order 1 firm 1 exempt self-check 77", "order 3 firm 4 cap self-check 0"}
	if diff := cmp.Diff(wantSkips, skips); diff != "" {
		t.Errorf("skips (-want +got):\n%s", diff)
	}
	text := strings.Join(p.Explanation, "\n")
	for _, s := range []string{"以自查代替检查", "被本轮双随机抽查抽中", "经核实的投诉（#5）", "达到年度上限 2 次"} {
		if !strings.Contains(text, s) {
			t.Errorf("explanation lacks %q:\n%s", s, text)
		}
	}
}

func TestTeamsAndDeterminism(t *testing.T) {
	in := baseInput()
	in.Inspectors = append(roster(1, 3, "消防救援", "市场监管"), Inspector{ID: 999, Department: "消防救援"})
	for i := range 20 {
		in.Firms = append(in.Firms, firm(int64(i+1), 23.0+float64(i)*0.001, 113.1))
	}
	in.Orders = []Order{{ID: 1, Department: "消防救援", Reason: ReasonRoutine, Items: []string{"FS-01"}, From: date(5, 4), To: date(5, 15), Targets: ids20()}}
	a, _ := Build(in)
	b, _ := Build(in)
	if diff := cmp.Diff(a, b, cmp.AllowUnexported(Visit{})); diff != "" {
		t.Fatalf("Build is not deterministic (-first +second):\n%s", diff)
	}
	for _, v := range a.Visits {
		if len(v.Inspectors) < 2 || slices.Contains(v.Inspectors, 999) {
			t.Errorf("visit of %d: inspectors %v, want >= 2 certified", v.EnterpriseID, v.Inspectors)
		}
	}
	// Each inspector works one route a day.
	perDay := map[string]int{}
	for _, r := range a.Routes {
		for _, id := range r.Inspectors {
			perDay[fmt.Sprintf("%s/%d", day(r.Date), id)]++
		}
		if r.Seed == 0 || len(r.Roster) < 2 {
			t.Errorf("route %s %s: seed %d roster %v", day(r.Date), r.Grid, r.Seed, r.Roster)
		}
	}
	for k, n := range perDay {
		if n > 1 {
			t.Errorf("inspector-day %s has %d routes", k, n)
		}
	}
	in.Seed = 43
	c, _ := Build(in)
	if cmp.Equal(a.Routes, c.Routes) {
		t.Errorf("seeds 42 and 43 drew the same teams")
	}
}

func ids20() []int64 {
	var out []int64
	for i := range 20 {
		out = append(out, int64(i+1))
	}
	return out
}

func TestRouteOrder(t *testing.T) {
	in := baseInput()
	in.RouteSize = 5
	// Five firms on a line, listed out of order.
	lats := map[int64]float64{1: 23.004, 2: 23.000, 3: 23.003, 4: 23.001, 5: 23.002}
	for id := int64(1); id <= 5; id++ {
		in.Firms = append(in.Firms, firm(id, lats[id], 113.1))
	}
	in.Orders = []Order{{ID: 1, Department: "消防救援", Reason: ReasonRoutine, Items: []string{"FS-01"}, From: date(5, 4), To: date(5, 4), Targets: []int64{1, 2, 3, 4, 5}}}
	p, _ := Build(in)
	if len(p.Routes) != 1 {
		t.Fatalf("%d routes, want 1:\n%s", len(p.Routes), strings.Join(p.Explanation, "\n"))
	}
	var got []int64
	for _, vi := range p.Routes[0].Visits {
		got = append(got, p.Visits[vi].EnterpriseID)
	}
	if !slices.Equal(got, []int64{2, 4, 5, 3, 1}) && !slices.Equal(got, []int64{1, 3, 5, 4, 2}) {
		t.Errorf("route order %v, want the line 2 4 5 3 1 (either way)", got)
	}
	if km := p.Routes[0].KM; km < 0.43 || km > 0.46 {
		t.Errorf("route length %.3f km, want about 0.445", km)
	}
}

func TestNotApplicableAndNoCapacity(t *testing.T) {
	in := baseInput()
	in.Firms = []Firm{firm(1, 23, 113), firm(2, 23, 113)}
	in.Applicable = func(f int64, it string) bool { return f == 2 || it != "FD-01" }
	in.Orders = []Order{
		{ID: 1, Department: "市场监管", Reason: ReasonRoutine, Items: []string{"FD-01"}, From: date(5, 4), To: date(5, 8), Targets: []int64{1, 2}},
		{ID: 2, Department: "生态环境", Reason: ReasonRoutine, Items: []string{"EP-01"}, From: date(5, 4), To: date(5, 8), Targets: []int64{2}},
	}
	p, _ := Build(in)
	var causes []string
	for _, s := range p.Skips {
		causes = append(causes, fmt.Sprintf("%d/%d %s", s.OrderID, s.EnterpriseID, s.Cause))
	}
	// Order 2's department has no roster, but firm 2's merged visit has a
	// 市场监管 team; firm 1 needs nothing.
	if diff := cmp.Diff([]string{"1/1 not_applicable"}, causes); diff != "" {
		t.Errorf("skips (-want +got):\n%s", diff)
	}
	in.Inspectors = nil
	p, _ = Build(in)
	if len(p.Visits) != 0 || len(p.Skips) != 3 || p.Skips[2].Cause != SkipNoCapacity {
		t.Errorf("without inspectors: %d visits, skips %+v", len(p.Visits), p.Skips)
	}
}

// BenchmarkPlan100k plans 100,000 orders of nine departments over 50,000
// firms in 200 grids for a quarter (target: under 10 s per plan).
func BenchmarkPlan100k(b *testing.B) {
	in := bigInput(100_000, 50_000, 200)
	b.ResetTimer()
	for b.Loop() {
		p, err := Build(in)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(p.Visits)), "visits")
		b.ReportMetric(float64(len(p.Skips)), "skips")
	}
}

func bigInput(orders, firms, grids int) Input {
	r := rand.New(rand.NewPCG(1, 2))
	depts := []string{"消防救援", "应急管理", "市场监管", "生态环境", "住建", "城管", "卫健", "公安", "人社"}
	in := Input{From: date(4, 1), To: date(6, 30), Seed: 7, YearlyCap: 4, Inspectors: roster(1, 80, depts...)}
	for i := range firms {
		g := i % grids
		f := Firm{
			ID: int64(i + 1), Name: fmt.Sprintf("企业%d", i+1), Street: fmt.Sprintf("S%d", g%4), Grid: fmt.Sprintf("G%03d", g),
			Lat: 23.0 + float64(g/20)*0.01 + r.Float64()*0.01, Lon: 113.0 + float64(g%20)*0.01 + r.Float64()*0.01, HasCoords: true,
			Grade: "B", VisitsThisYear: r.IntN(3),
		}
		if r.IntN(4) == 0 {
			f.Grade, f.Exempt, f.SelfCheckID = "A", true, int64(i)
			f.AuditPick = r.IntN(30) == 0
		}
		in.Firms = append(in.Firms, f)
	}
	reasons := []Reason{ReasonRoutine, ReasonRoutine, ReasonRoutine, ReasonAudit, ReasonComplaint, ReasonFollowUp}
	for i := range orders {
		from := in.From.AddDate(0, 0, r.IntN(80))
		o := Order{
			ID: int64(i + 1), Department: depts[r.IntN(len(depts))], Reason: reasons[r.IntN(len(reasons))],
			From: from, To: from.AddDate(0, 0, 5+r.IntN(20)),
		}
		for range 1 + r.IntN(3) {
			o.Items = append(o.Items, fmt.Sprintf("IT-%02d", r.IntN(40)))
		}
		for range 1 + r.IntN(2) {
			o.Targets = append(o.Targets, int64(1+r.IntN(firms)))
		}
		in.Orders = append(in.Orders, o)
	}
	return in
}
