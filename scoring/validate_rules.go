package scoring

import "github.com/shopspring/decimal"

// sign is the sign an event kind's points must have.
type sign int

const (
	negative    sign = iota // < 0
	nonPositive             // <= 0
	nonNegative             // >= 0
	zero                    // computed elsewhere; must be 0
)

var kindSigns = map[Kind]sign{
	KindSelfCheckOnTime:     nonNegative,
	KindSelfCheckLate:       negative,
	KindSelfCheckMissed:     negative,
	KindFindingSelfReported: nonPositive,
	KindRectifiedOnTime:     nonNegative,
	KindRectifiedLate:       negative,
	KindNotRectified:        negative,
	KindFindingOnsite:       negative,
	KindCitizenReport:       negative,
	KindPenalty:             negative,
	KindFalseReport:         zero,
	KindCleanAudit:          nonNegative,
	KindCreditRepair:        zero,
}

// ruleKey returns the key path of a rule, e.g. "events.finding_onsite.严重".
func ruleKey(k Kind, s Severity) string {
	if s == SeverityNone {
		return "events." + string(k)
	}
	return "events." + string(k) + "." + string(s)
}

func rulePath(k Kind, s Severity, field string) string { return ruleKey(k, s) + "." + field }

func severitiesOf(k Kind) []Severity {
	if k.HasSeverity() {
		return Severities()
	}
	return []Severity{SeverityNone}
}

func (p Params) validateRules(v *validator) {
	for k := range p.Rules {
		if !k.Valid() {
			v.add("events."+string(k), "unknown kind")
		}
	}
	complete := true
	for _, k := range Kinds() {
		rules, ok := p.Rules[k]
		if !ok {
			v.add("events."+string(k), "missing")
			complete = false
			continue
		}
		for s := range rules {
			if (s == SeverityNone) == k.HasSeverity() || s != SeverityNone && !s.Valid() {
				v.add("events."+string(k)+"."+string(s), "unexpected severity")
			}
		}
		for _, s := range severitiesOf(k) {
			r, ok := rules[s]
			if !ok {
				v.add(ruleKey(k, s), "missing")
				complete = false
				continue
			}
			p.validateRule(v, k, s, r)
		}
	}
	if !p.RepairMaxPoints.IsPositive() {
		v.add("events.credit_repair.max_points", "must be positive")
	} else {
		v.amount("events.credit_repair.max_points", p.RepairMaxPoints)
	}
	if complete {
		p.validateRelations(v)
	}
}

func (p Params) validateRule(v *validator, k Kind, s Severity, r Rule) {
	if r.Months < 1 || r.Months > 120 {
		v.add(rulePath(k, s, "months"), "must be between 1 and 120")
	}
	path := rulePath(k, s, "points")
	if !v.amount(path, r.Points) {
		return
	}
	switch kindSigns[k] {
	case negative:
		if !r.Points.IsNegative() {
			v.add(path, "must be negative")
		}
	case nonPositive:
		if r.Points.IsPositive() {
			v.add(path, "must not be positive")
		}
	case nonNegative:
		if r.Points.IsNegative() {
			v.add(path, "must not be negative")
		}
	case zero:
		if !r.Points.IsZero() {
			v.add(path, "must be omitted (the points are not fixed by a rule)")
		}
	}
}

// validateRelations checks the orderings between rules that the incentives
// rest on.
func (p Params) validateRelations(v *validator) {
	pts := func(k Kind, s Severity) decimal.Decimal { return p.Rules[k][s].Points }
	if !pts(KindSelfCheckMissed, "").LessThan(pts(KindSelfCheckLate, "")) {
		v.add(rulePath(KindSelfCheckMissed, "", "points"), "must be below events.selfcheck_late.points")
	}
	for _, s := range Severities() {
		self, onTime := pts(KindFindingSelfReported, s), pts(KindRectifiedOnTime, s)
		if self.Add(onTime).IsPositive() {
			v.add(rulePath(KindRectifiedOnTime, s, "points"), "must not exceed the self-reported deduction %s", self.Neg())
		}
		if !self.Add(onTime).GreaterThan(pts(KindFindingOnsite, s)) {
			v.add(rulePath(KindFindingSelfReported, s, "points"),
				"self-reported and rectified on time must cost less than %s", rulePath(KindFindingOnsite, s, "points"))
		}
		if !pts(KindNotRectified, s).LessThan(pts(KindRectifiedLate, s)) {
			v.add(rulePath(KindNotRectified, s, "points"), "must be below %s", rulePath(KindRectifiedLate, s, "points"))
		}
	}
	// A hard-rule cap never outlasts its event, so the event must last at
	// least as long as the cap for the window to mean what it says.
	for _, s := range Severities() {
		if p.Rules[KindFalseReport][s].Months < p.Hard.FalseReportWindowMonths {
			v.add(rulePath(KindFalseReport, s, "months"), "must be at least hard_rules.false_report_window_months")
		}
	}
	for _, k := range p.Hard.SeriousKinds {
		if r, ok := p.Rules[k][SeveritySerious]; ok && r.Months < p.Hard.SeriousWindowMonths {
			v.add(rulePath(k, SeveritySerious, "months"), "must be at least hard_rules.serious_window_months")
		}
	}
	for _, k := range Kinds() {
		if !k.HasSeverity() || kindSigns[k] == zero || kindSigns[k] == nonNegative {
			continue
		}
		sev := Severities()
		for i := 1; i < len(sev); i++ {
			if pts(k, sev[i]).GreaterThan(pts(k, sev[i-1])) {
				v.add(rulePath(k, sev[i], "points"), "must not be above %s", rulePath(k, sev[i-1], "points"))
			}
		}
	}
}
