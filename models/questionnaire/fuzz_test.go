package questionnaire

import (
	"errors"
	"math"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzItems covers every askable type with ranges and limits set.
var fuzzItems = []*Item{
	{ID: "y", Type: TypeYesNo},
	{ID: "s", Type: TypeSingle, Choices: testChoices},
	{ID: "m", Type: TypeMulti, Choices: testChoices},
	{ID: "i", Type: TypeInteger, Unit: "人", Min: fptr(0), Max: fptr(1000)},
	{ID: "d", Type: TypeDecimal, Unit: "米", Min: fptr(-10), Max: fptr(10)},
	{ID: "t", Type: TypeText, MinLength: 1, MaxLength: 50},
	{ID: "dt", Type: TypeDate},
	{ID: "p", Type: TypePhoto},
	{ID: "l", Type: TypeLocation},
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"是", "否", "１，３", "1、3", "2.5米", "三个", "2026年11月27日", "今天", "😀", "", "\xff", "第2项", "十万八千"} {
		f.Add(s, uint8(0))
	}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string, kind uint8) {
		it := fuzzItems[int(kind)%len(fuzzItems)]
		in := Input{Text: text}
		if kind&0x80 != 0 {
			in.PhotoRef = text
		}
		v, err := it.ParseInput(in, now, time.UTC)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Message == "" || !utf8.ValidString(ie.Message) {
				t.Fatalf("ParseInput(%q) error %v is not a re-prompt", text, err)
			}
			return
		}
		if v.Type != it.Type {
			t.Fatalf("ParseInput(%q) type %s, want %s", text, v.Type, it.Type)
		}
		switch it.Type {
		case TypeYesNo:
			if v.Bool == nil {
				t.Fatalf("yesno without Bool")
			}
		case TypeSingle:
			if len(v.Choices) != 1 {
				t.Fatalf("single with %d choices", len(v.Choices))
			}
		case TypeInteger:
			if v.Int == nil || *v.Int < 0 || *v.Int > 1000 {
				t.Fatalf("integer %v out of range", v.Int)
			}
		case TypeDecimal:
			if v.Float == nil || math.IsNaN(*v.Float) || *v.Float < -10 || *v.Float > 10 {
				t.Fatalf("decimal %v out of range", v.Float)
			}
		case TypeText:
			if n := utf8.RuneCountInString(v.Text); n < 1 || n > 50 || !utf8.ValidString(v.Text) {
				t.Fatalf("text of %d runes accepted", n)
			}
		case TypeDate:
			if _, err := time.Parse(DateLayout, v.Text); err != nil {
				t.Fatalf("date %q stored", v.Text)
			}
		}
		_ = it.Display(v)
	})
}

const fuzzTemplate = `slug: fz
title: 模糊
audience: household
items:
  - id: a
    type: yesno
    text: 是否？
  - id: n
    type: integer
    text: 几？
  - id: x
    type: decimal
    text: 多少？
  - id: c
    type: single
    text: 哪个？
    choices: [{name: "1", label: 一}, {name: "2", label: 二}]
  - id: t
    type: text
    text: 说？
  - id: k
    type: calculate
    calculate: 'n * 15 + int(x)'
  - id: r
    type: yesno
    text: 是否？
    relevant: 'a && (n > 3 || x / 2 < 1.5) && c in ["1"] && len(t) < 10 && k > 100 && subject.attrs.flag == true && "餐饮" in subject.tags'
  - id: q
    type: integer
    text: 几？
    constraint: 'value <= n * 8 && value % 2 == 0'
    constraint_message: 不对
`

func FuzzEvaluate(f *testing.F) {
	tpl, err := Parse("fuzz.yaml", []byte(fuzzTemplate))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(true, int64(5), 2.5, "1", "短", int64(4), "餐饮")
	f.Add(false, int64(-9223372036854775808), math.Inf(1), "", "\xff", int64(0), "")
	f.Fuzz(func(t *testing.T, a bool, n int64, x float64, c, text string, q int64, tag string) {
		answers := map[string]Answer{
			"a": {Value: Value{Bool: &a}},
			"n": {Value: Value{Int: &n}},
			"x": {Value: Value{Float: &x}},
			"c": {Value: Value{Choices: []string{c}}},
			"t": {Value: Value{Text: text}},
		}
		subj := Subject{Tags: []string{tag}, Attrs: map[string]any{"flag": text == "" || a}}
		env := tpl.env(answers, subj, "2026-11-27")
		for _, it := range tpl.Items {
			_ = it.relevant(subj, env)
		}
		qi := tpl.Item("q")
		_, _ = qi.parse(Input{Text: itoa(int(q % 1000000))}, time.Time{}, nil, env)
		_ = tpl.Applicable(subj)
	})
}
