package models

import (
	"sort"

	"gorm.io/gorm"
)

// Scope is the data a dashboard user may see. An admin sees everything; a
// street user only the firms, reports and visits of its street; a department
// user every firm's credit, but of the records about a firm only its own:
// findings on its checklist items, its inspection orders and the visits that
// carry them, and the citizen reports dispatched to it.
type Scope struct {
	Role string
	// Street is the street code of a street user.
	Street string
	// Departments are the names of a department user's department (its name
	// and aliases), as stored in citizen_reports.department and
	// inspection_orders.department.
	Departments map[string]bool
	// Items are the checklist items of Department (item id -> true).
	Items map[string]bool
	// Inspector is an inspector's id on the roster: its scope is the
	// visits it was drawn for, and nothing else.
	Inspector int64
}

// AdminScope sees everything.
var AdminScope = Scope{Role: RoleAdmin}

// StreetFilter returns the street every query of a street user is limited
// to, or "" when the scope has no street limit.
func (sc Scope) StreetFilter() string {
	if sc.Role == RoleStreet {
		return sc.Street
	}
	return ""
}

// SeesEnterprise reports whether the scope covers a firm in streetCode.
func (sc Scope) SeesEnterprise(streetCode string) bool {
	return sc.Role != RoleStreet || sc.Street == streetCode
}

// SeesFinding reports whether the scope covers a finding on itemID.
func (sc Scope) SeesFinding(itemID string) bool {
	return sc.Role != RoleDepartment || sc.Items[itemID]
}

// SeesReport reports whether the scope covers a citizen report.
func (sc Scope) SeesReport(r *CitizenReport) bool {
	switch sc.Role {
	case RoleDepartment:
		return sc.Departments[r.Department]
	case RoleStreet:
		return r.StreetCode == sc.Street
	}
	return true
}

// SeesReporter reports whether the scope may see who filed a report: only
// an admin and the department handling it need to contact the reporter.
func (sc Scope) SeesReporter(r *CitizenReport) bool {
	return sc.Role == RoleAdmin || (sc.Role == RoleDepartment && sc.Departments[r.Department])
}

// SeesOrderOf reports whether the scope covers an inspection order of a
// department.
func (sc Scope) SeesOrderOf(department string) bool {
	return sc.Role != RoleDepartment || sc.Departments[department]
}

// CanWrite reports whether the scope may add ledger events and issue binding
// codes for a firm in streetCode. Every role may, within its firms.
func (sc Scope) CanWrite(streetCode string) bool { return sc.SeesEnterprise(streetCode) }

// whereFindings limits a query on findings to those the scope covers: a
// street user's firms, a department user's checklist items.
func (sc Scope) whereFindings(q *gorm.DB) *gorm.DB {
	switch sc.Role {
	case RoleStreet:
		return q.Where("findings.enterprise_id IN (?)", q.Session(&gorm.Session{NewDB: true}).
			Model(&Enterprise{}).Select("id").Where("street_code = ?", sc.Street))
	case RoleDepartment:
		items := make([]string, 0, len(sc.Items))
		for id := range sc.Items {
			items = append(items, id)
		}
		if len(items) == 0 {
			return q.Where("1 = 0")
		}
		sort.Strings(items)
		return q.Where("findings.item_id IN ?", items)
	}
	return q
}
