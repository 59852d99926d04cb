package questionnaire

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseYesNo(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  bool
		isErr bool
	}{
		{name: "是", in: "是", want: true},
		{name: "否", in: "否", want: false},
		{name: "有", in: "有", want: true},
		{name: "没有", in: "没有", want: false},
		{name: "对", in: "对", want: true},
		{name: "不是", in: "不是", want: false},
		{name: "不对", in: "不对", want: false},
		{name: "Y", in: "Y", want: true},
		{name: "N", in: "n", want: false},
		{name: "yes", in: "Yes", want: true},
		{name: "no", in: "NO", want: false},
		{name: "1", in: "1", want: true},
		{name: "2", in: "2", want: false},
		{name: "FullWidth1", in: "１", want: true},
		{name: "FullWidth2", in: "２", want: false},
		{name: "Punctuated", in: " 是的！", want: true},
		{name: "Particle", in: "没有啊", want: false},
		{name: "Clause", in: "是，已经整改了", want: true},
		{name: "NoClause", in: "没有，昨天清理过", want: false},
		{name: "Thumb", in: "👍", want: true},
		{name: "ErrEmpty", in: "", isErr: true},
		{name: "ErrOther", in: "也许吧", isErr: true},
		{name: "ErrEmoji", in: "😀😀", isErr: true},
		{name: "ErrThree", in: "3", isErr: true},
		{name: "ErrLong", in: strings.Repeat("是", 10000), isErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseYesNo(tc.in)
			if tc.isErr {
				var ie *InputError
				if !errors.As(err, &ie) || !strings.Contains(ie.Message, "是") {
					t.Fatalf("ParseYesNo(%q) error = %v, want an *InputError asking for 是/否", tc.in, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("ParseYesNo(%q) = %v, %v, want %v", tc.in, got, err, tc.want)
			}
		})
	}
}

var testChoices = []Choice{
	{Name: "piped", Label: "管道天然气"},
	{Name: "lpg", Label: "瓶装液化石油气"},
	{Name: "both", Label: "两种都用"},
	{Name: "none", Label: "以上都没有", Exclusive: true},
}

func TestParseChoice(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  string
		isErr bool
	}{
		{name: "Number", in: "2", want: "lpg"},
		{name: "FullWidth", in: "３", want: "both"},
		{name: "Ordinal", in: "第1项", want: "piped"},
		{name: "Chinese", in: "二", want: "lpg"},
		{name: "Label", in: "管道天然气", want: "piped"},
		{name: "Name", in: "LPG", want: "lpg"},
		{name: "Partial", in: "液化", want: "lpg"},
		{name: "ErrZero", in: "0", isErr: true},
		{name: "ErrTooHigh", in: "5", isErr: true},
		{name: "ErrUnknown", in: "电", isErr: true},
		{name: "ErrEmpty", in: "  ", isErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseChoice(tc.in, testChoices)
			if tc.isErr {
				if _, ok := err.(*InputError); !ok {
					t.Fatalf("ParseChoice(%q) error = %v, want *InputError", tc.in, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("ParseChoice(%q) = %q, %v, want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParseMulti(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  []string
		isErr bool
	}{
		{name: "Comma", in: "1,3", want: []string{"piped", "both"}},
		{name: "Space", in: "1 3", want: []string{"piped", "both"}},
		{name: "Dunhao", in: "1、3", want: []string{"piped", "both"}},
		{name: "FullWidthComma", in: "１，３", want: []string{"piped", "both"}},
		{name: "Unordered", in: "3,1,3", want: []string{"piped", "both"}},
		{name: "Run", in: "13", want: []string{"piped", "both"}},
		{name: "Labels", in: "管道天然气和两种都用", want: []string{"piped", "both"}},
		{name: "Single", in: "2", want: []string{"lpg"}},
		{name: "Exclusive", in: "4", want: []string{"none"}},
		{name: "ErrExclusiveMixed", in: "1,4", isErr: true},
		{name: "ErrUnknown", in: "1,9", isErr: true},
		{name: "ErrEmpty", in: ",,", isErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseMulti(tc.in, testChoices)
			if tc.isErr {
				if _, ok := err.(*InputError); !ok {
					t.Fatalf("ParseMulti(%q) error = %v, want *InputError", tc.in, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseMulti(%q): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseMulti(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func fptr(f float64) *float64 { return &f }

func TestParseNumbers(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		unit     string
		min, max *float64
		integer  bool
		want     float64
		errHas   string
	}{
		{name: "Plain", in: "3", integer: true, want: 3},
		{name: "Counter", in: "3个", integer: true, want: 3},
		{name: "FullWidth", in: "１２", integer: true, want: 12},
		{name: "Chinese", in: "三个", integer: true, want: 3},
		{name: "ChineseTens", in: "二十五人", unit: "人", integer: true, want: 25},
		{name: "ItemUnit", in: "4 具", unit: "具", integer: true, want: 4},
		{name: "Decimal", in: "2.5", want: 2.5},
		{name: "DecimalUnit", in: "2.5米", want: 2.5},
		{name: "DecimalFullWidth", in: "２.５", want: 2.5},
		{name: "DecimalFullWidthDot", in: "２．５", want: 2.5},
		{name: "Area", in: "120平方米", unit: "平方米", want: 120},
		{name: "InRange", in: "30", min: fptr(1), max: fptr(30), integer: true, want: 30},
		{name: "ErrFraction", in: "2.5", integer: true, errHas: "整数"},
		{name: "ErrBelow", in: "0", min: fptr(1), max: fptr(30), integer: true, errHas: "1到30之间"},
		{name: "ErrAbove", in: "31人", unit: "人", min: fptr(1), max: fptr(30), integer: true, errHas: "超出范围"},
		{name: "ErrWords", in: "很多", integer: true, errHas: "整数"},
		{name: "ErrUnit", in: "3吨", unit: "米", want: 0, errHas: "数字"},
		{name: "ErrEmoji", in: "3😀", errHas: "数字"},
		{name: "ErrHuge", in: strings.Repeat("9", 400), errHas: "数字"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got float64
			var err error
			if tc.integer {
				var n int64
				n, err = ParseInteger(tc.in, tc.unit, tc.min, tc.max)
				got = float64(n)
			} else {
				got, err = ParseDecimal(tc.in, tc.unit, tc.min, tc.max)
			}
			if tc.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errHas) {
					t.Fatalf("parse %q = %v, %v, want error containing %q", tc.in, got, err, tc.errHas)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("parse %q = %v, %v, want %v", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	// 2026-11-27 01:00 in Shanghai is still 11-26 in UTC: today must follow loc.
	now := time.Date(2026, 11, 26, 17, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		in    string
		want  string
		isErr bool
	}{
		{name: "ISO", in: "2026-11-27", want: "2026-11-27"},
		{name: "Slash", in: "2026/11/27", want: "2026-11-27"},
		{name: "Dots", in: "2026.1.5", want: "2026-01-05"},
		{name: "Chinese", in: "2026年11月27日", want: "2026-11-27"},
		{name: "ChineseHao", in: "2026年11月27号", want: "2026-11-27"},
		{name: "MonthDay", in: "11月27日", want: "2026-11-27"},
		{name: "Compact", in: "20261127", want: "2026-11-27"},
		{name: "FullWidth", in: "２０２６－１１－２７", want: "2026-11-27"},
		{name: "Today", in: "今天", want: "2026-11-27"},
		{name: "Yesterday", in: "昨天", want: "2026-11-26"},
		{name: "ErrFeb30", in: "2026-02-30", isErr: true},
		{name: "ErrMonth13", in: "13月1日", isErr: true},
		{name: "ErrWords", in: "上个月吧", isErr: true},
		{name: "ErrYear", in: "0001-01-01", isErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDate(tc.in, now, loc)
			if tc.isErr {
				if _, ok := err.(*InputError); !ok {
					t.Fatalf("ParseDate(%q) = %q, %v, want *InputError", tc.in, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("ParseDate(%q) = %q, %v, want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParseText(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		min    int
		max    int
		want   string
		errHas string
	}{
		{name: "OK", in: "  楼道有杂物  ", max: 300, want: "楼道有杂物"},
		{name: "Emoji", in: "已处理👍", max: 300, want: "已处理👍"},
		{name: "RunesNotBytes", in: strings.Repeat("字", 300), max: 300, want: strings.Repeat("字", 300)},
		{name: "Err10000", in: strings.Repeat("长", 10000), max: 500, errHas: "您发送了10000个字"},
		{name: "ErrShort", in: "好", min: 2, max: 300, errHas: "至少输入2个字"},
		{name: "ErrEmpty", in: "   ", max: 300, errHas: "请输入文字"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseText(tc.in, tc.min, tc.max)
			if tc.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errHas) {
					t.Fatalf("ParseText = %d runes, %v, want error containing %q", len([]rune(got)), err, tc.errHas)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("ParseText(%q) = %q, %v, want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParseInputKinds(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	text := &Item{ID: "t", Type: TypeText, MaxLength: 10}
	yes := &Item{ID: "y", Type: TypeYesNo}
	photo := &Item{ID: "p", Type: TypePhoto}
	place := &Item{ID: "l", Type: TypeLocation}
	tests := []struct {
		name   string
		it     *Item
		in     Input
		want   Value
		errHas string
	}{
		{name: "PhotoForText", it: text, in: Input{PhotoRef: "media-1"}, errHas: "不要发送图片"},
		{name: "PhotoForYesNo", it: yes, in: Input{PhotoRef: "media-1"}, errHas: "请回复“是”或“否”"},
		{name: "TextForPhoto", it: photo, in: Input{Text: "好的"}, errHas: "需要照片"},
		{name: "TextForLocation", it: place, in: Input{Text: "祖庙路1号"}, errHas: "需要位置"},
		{name: "BadLocation", it: place, in: Input{Location: &Location{Lat: 91}}, errHas: "无效"},
		{name: "Photo", it: photo, in: Input{PhotoRef: "media-1"}, want: Value{Type: TypePhoto, Photos: []string{"media-1"}}},
		{name: "Location", it: place, in: Input{Location: &Location{Lat: 23.02, Lon: 113.11, Label: "禅城区"}},
			want: Value{Type: TypeLocation, Location: &Location{Lat: 23.02, Lon: 113.11, Label: "禅城区"}}},
		{name: "Yes", it: yes, in: Input{Text: "是"}, want: Value{Type: TypeYesNo, Bool: boolPtr(true)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.it.ParseInput(tc.in, now, time.UTC)
			if tc.errHas != "" {
				var ie *InputError
				if !errors.As(err, &ie) || !strings.Contains(ie.Message, tc.errHas) || ie.ItemID != tc.it.ID {
					t.Fatalf("ParseInput(%+v) error = %v, want *InputError for %s containing %q", tc.in, err, tc.it.ID, tc.errHas)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseInput(%+v): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseInput mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		in   string
		want Command
	}{
		{"上一题", CommandBack}, {" 跳过。", CommandSkip}, {"退出", CommandQuit},
		{"提交", CommandSubmit}, {"是", CommandNone}, {"", CommandNone},
	}
	for _, tc := range tests {
		if got := ParseCommand(tc.in); got != tc.want {
			t.Errorf("ParseCommand(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
