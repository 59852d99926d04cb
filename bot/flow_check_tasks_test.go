package bot

import (
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
)

func TestLastDay(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := models.LoadCalendar(os.DirFS("../templates"), "holidays.yaml", loc)
	if err != nil {
		t.Fatal(err)
	}
	c := &chat{b: &Bot{cfg: Config{Location: loc, Calendar: cal}}, now: testNow}
	tests := []struct {
		name string
		due  time.Time
		want string
	}{
		{"end of a working day", time.Date(2026, 12, 11, 23, 59, 59, 999e6, loc), "12月11日（周五）"},
		{"midnight after a Friday", time.Date(2026, 12, 12, 0, 0, 0, 0, loc), "12月11日（周五）"},
		{"a Sunday", time.Date(2026, 12, 13, 23, 59, 59, 0, loc), "12月11日（周五）"},
		{"inside the National Day holiday", time.Date(2026, 10, 5, 0, 0, 0, 0, loc), "9月30日（周三）"},
		{"a make-up Saturday is a working day", time.Date(2026, 10, 10, 18, 0, 0, 0, loc), "10月10日（周六）"},
		{"stored in UTC", time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC), "12月4日（周五）"},
	}
	for _, tc := range tests {
		if got := c.lastDay(tc.due); got != tc.want {
			t.Errorf("%s: lastDay(%v) = %s, want %s", tc.name, tc.due, got, tc.want)
		}
	}
	var got []int
	for _, n := range []int{1, 10, 11, 13, 14, 98} {
		got = append(got, roundCount(n))
	}
	if diff := cmp.Diff([]int{1, 10, 10, 15, 15, 100}, got); diff != "" {
		t.Errorf("roundCount (-want +got):\n%s", diff)
	}
}

func TestPickFinding(t *testing.T) {
	fs := []models.Finding{
		{ID: 7, Description: "灭火器压力不足（自查回答：否）"},
		{ID: 9, Description: "疏散通道堆放杂物（自查回答：否）"},
	}
	ids := []int64{9, 7}
	tests := []struct {
		text string
		want int64 // 0: none
	}{
		{"1", 9}, {"２", 7}, {"3", 0}, {"灭火器", 7}, {"杂物", 9}, {"自查回答", 0}, {"灭", 0}, {"电梯", 0},
	}
	for _, tc := range tests {
		var got int64
		if f := pickFinding(fs, ids, tc.text); f != nil {
			got = f.ID
		}
		if got != tc.want {
			t.Errorf("pickFinding(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}
