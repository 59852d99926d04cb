package web

import "time"

// deadlineDate shows a deadline as the last day it allows, in loc. Some
// deadlines are stored as the end of their last working day (23:59:59.999),
// others as the midnight that follows it; both read as that last day, so a
// page never shows one deadline as two different dates.
func deadlineDate(t any, loc *time.Location) string {
	var v time.Time
	switch x := t.(type) {
	case time.Time:
		v = x
	case *time.Time:
		if x == nil {
			return "—"
		}
		v = *x
	default:
		return "—"
	}
	if v.IsZero() {
		return "—"
	}
	v = v.In(loc)
	if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0 {
		v = v.Add(-time.Nanosecond)
	}
	return v.Format("2006-01-02")
}
