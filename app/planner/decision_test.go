package planner

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCreditDecision checks that a routine order by filter visits an always
// firm, a sampled or exempt firm only when the audit drew it or a complaint
// is open, and that complaints, follow-ups and orders naming a firm are
// never dropped for the decision.
func TestCreditDecision(t *testing.T) {
	in := baseInput()
	in.AuditRound = "#7·2026Q2"
	mk := func(id int64, d Decision, pick bool, complaint int64) Firm {
		f := firm(id, 23+float64(id)*0.001, 113.1)
		f.Decision, f.AuditPick, f.ComplaintID = d, pick, complaint
		return f
	}
	in.Firms = []Firm{
		mk(1, DecisionAlways, false, 0),
		mk(2, DecisionSampled, false, 0),
		mk(3, DecisionSampled, true, 0),
		mk(4, DecisionExempt, false, 0),
		mk(5, DecisionExempt, true, 0),
		mk(6, DecisionSampled, false, 9),
		mk(7, DecisionExempt, false, 0),
		mk(8, DecisionSampled, false, 0),
		mk(9, DecisionExempt, false, 0),
		mk(10, "", false, 0), // not scored: visited
	}
	win := func(id int64, r Reason, explicit bool, targets ...int64) Order {
		return Order{ID: id, Department: "消防救援", Reason: r, Items: []string{"FS-01"}, From: date(5, 4), To: date(5, 15), Targets: targets, Explicit: explicit}
	}
	in.Orders = []Order{
		win(1, ReasonRoutine, false, 1, 2, 3, 4, 5, 6, 10),
		win(2, ReasonComplaint, false, 7),
		win(3, ReasonFollowUp, false, 8),
		win(4, ReasonRoutine, true, 9),
	}
	p, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	var visited []int64
	for _, v := range p.Visits {
		visited = append(visited, v.EnterpriseID)
	}
	if diff := cmp.Diff([]int64{1, 3, 5, 6, 7, 8, 9, 10}, visited); diff != "" {
		t.Errorf("visited firms (-want +got):\n%s\n%s", diff, strings.Join(p.Explanation, "\n"))
	}
	var skips []string
	for _, s := range p.Skips {
		skips = append(skips, fmt.Sprintf("%d/%d %s", s.OrderID, s.EnterpriseID, s.Cause))
	}
	if diff := cmp.Diff([]string{"1/2 not_drawn", "1/4 exempt"}, skips); diff != "" {
		t.Errorf("skips (-want +got):\n%s", diff)
	}
	text := strings.Join(p.Explanation, "\n")
	for _, s := range []string{"被本轮（#7·2026Q2）双随机抽查抽中", "未被本轮（#7·2026Q2）双随机抽查抽中", "指令逐一点名该企业"} {
		if !strings.Contains(text, s) {
			t.Errorf("explanation lacks %q:\n%s", s, text)
		}
	}
}

// TestInspectorAvailability checks that an expired certificate, a day away
// or another street keeps an inspector out of the draw.
func TestInspectorAvailability(t *testing.T) {
	away := func(d time.Time) bool { return d.Equal(date(5, 4)) }
	in := Input{From: date(5, 4), To: date(5, 5), Seed: 1, Inspectors: []Inspector{
		{ID: 1, Department: "消防救援", Certified: true},
		{ID: 2, Department: "消防救援", Certified: true, CertExpires: date(5, 3)},
		{ID: 3, Department: "消防救援", Certified: true, Away: away},
		{ID: 4, Department: "消防救援", Certified: true, Streets: []string{"S2"}},
		{ID: 5, Department: "消防救援", Certified: true, Streets: []string{"S1"}},
	}}
	in.Firms = []Firm{firm(1, 23, 113)}
	in.Orders = []Order{{ID: 1, Department: "消防救援", Reason: ReasonComplaint, Items: []string{"FS-01"}, From: date(5, 4), To: date(5, 5), Targets: []int64{1}}}
	p, _ := Build(in)
	if len(p.Routes) != 1 {
		t.Fatalf("%d routes, want 1:\n%s", len(p.Routes), strings.Join(p.Explanation, "\n"))
	}
	r := p.Routes[0]
	if !r.Date.Equal(date(5, 4)) || !cmp.Equal(r.Roster, []int64{1, 5}) {
		t.Errorf("route on %s from roster %v, want 2026-05-04 from [1 5]", day(r.Date), r.Roster)
	}
	// With inspector 1 gone too, nobody is left on the 4th; on the 5th #3 is back.
	in.Inspectors = in.Inspectors[1:]
	p, _ = Build(in)
	if len(p.Routes) != 1 || !p.Routes[0].Date.Equal(date(5, 5)) || !cmp.Equal(p.Routes[0].Roster, []int64{3, 5}) {
		t.Errorf("routes %+v, want one on 2026-05-05 from [3 5]", p.Routes)
	}
}

// TestJointTeam checks that a visit merging two departments' orders gets
// one inspector of each department.
func TestJointTeam(t *testing.T) {
	in := baseInput()
	for i := range 10 {
		in.Firms = append(in.Firms, firm(int64(i+1), 23+float64(i)*0.001, 113.1))
	}
	var all []int64
	for i := range 10 {
		all = append(all, int64(i+1))
	}
	in.Orders = []Order{
		{ID: 1, Department: "消防救援", Reason: ReasonRoutine, Items: []string{"FS-01"}, From: date(5, 4), To: date(5, 15), Targets: all},
		{ID: 2, Department: "市场监管", Reason: ReasonRoutine, Items: []string{"FD-02"}, From: date(5, 4), To: date(5, 15), Targets: all},
	}
	p, _ := Build(in)
	dept := map[int64]string{}
	for _, x := range in.Inspectors {
		dept[x.ID] = x.Department
	}
	for _, r := range p.Routes {
		if len(r.Inspectors) != 2 || dept[r.Inspectors[0]] == dept[r.Inspectors[1]] {
			t.Errorf("route %s: team %v, want one of each department", day(r.Date), r.Inspectors)
		}
	}
	if len(p.Routes) == 0 || !strings.Contains(strings.Join(p.Explanation, "\n"), "市场监管、消防救援联合检查") {
		t.Errorf("explanation lacks the joint draw:\n%s", strings.Join(p.Explanation, "\n"))
	}
}

// TestOutcomes checks that every (order, firm) is reported once, and which
// skips wait for a later plan.
func TestOutcomes(t *testing.T) {
	in := baseInput()
	in.Inspectors = nil // nobody: everything waits for capacity
	in.Firms = []Firm{firm(1, 23, 113), {ID: 2, Decision: DecisionExempt, Grade: "A", Street: "S1", Grid: "G1"}}
	in.Orders = []Order{
		{ID: 1, Department: "消防救援", Reason: ReasonRoutine, Items: []string{"FS-01"}, From: date(5, 4), To: date(5, 8), Targets: []int64{1, 2, 3}},
		{ID: 2, Department: "市场监管", Reason: ReasonComplaint, Items: []string{"FD-01"}, From: date(5, 4), To: date(5, 8), Targets: []int64{1}},
	}
	p, _ := Build(in)
	var got []string
	for _, o := range p.Outcomes() {
		got = append(got, fmt.Sprintf("%d/%d %s final=%v", o.OrderID, o.EnterpriseID, o.Cause, o.Cause.Final()))
	}
	want := []string{"1/2 exempt final=true", "1/3 unknown_firm final=true", "1/1 no_capacity final=false", "2/1 no_capacity final=false"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Outcomes (-want +got):\n%s", diff)
	}
}
