package questionnaire

import (
	"math"
	"strings"
	"time"
)

// parse turns one chat input into a typed value for the item, applying
// every rule of its type (choices, unit and range, length, date forms) and
// the item's constraint, evaluated over env. Errors are *InputError.
func (it *Item) parse(in Input, now time.Time, loc *time.Location, env map[string]any) (Value, error) {
	v, err := it.ParseInput(in, now, loc)
	if err != nil {
		return Value{}, err
	}
	if it.Constraint != nil && env != nil {
		e := make(map[string]any, len(env)+1)
		for k, x := range env {
			e[k] = x
		}
		e["value"] = v.env(it.Type)
		if !it.Constraint.evalBool(e) {
			return Value{}, inputErr(it, it.ConstraintMessage)
		}
	}
	return v, nil
}

// ParseInput normalizes one input to the item's type without the
// constraint (which needs the other answers). Photo and location items want
// a photo or a location; the others want text.
func (it *Item) ParseInput(in Input, now time.Time, loc *time.Location) (Value, error) {
	switch it.Type {
	case TypePhoto:
		if in.PhotoRef == "" {
			return Value{}, inputErr(it, "这一题需要照片：请点击输入框旁的“+”，选择“照片”或“拍摄”发送一张照片。")
		}
		return Value{Type: it.Type, Photos: []string{in.PhotoRef}}, nil
	case TypeLocation:
		if in.Location == nil {
			return Value{}, inputErr(it, "这一题需要位置：请点击输入框旁的“+”，选择“位置”发送当前位置。")
		}
		l := *in.Location
		if l.Lat < -90 || l.Lat > 90 || l.Lon < -180 || l.Lon > 180 || math.IsNaN(l.Lat) || math.IsNaN(l.Lon) {
			return Value{}, inputErr(it, "位置信息无效，请重新发送位置。")
		}
		l.Label = clip(strings.TrimSpace(strings.ToValidUTF8(l.Label, "")), 200)
		return Value{Type: it.Type, Location: &l}, nil
	case TypeCalculate:
		return Value{}, inputErr(it, "这一项由系统自动计算，无需回答。")
	}
	if in.Text == "" {
		switch {
		case in.PhotoRef != "":
			return Value{}, inputErr(it, "这一题需要文字回复，请不要发送图片。"+it.expects())
		case in.Location != nil:
			return Value{}, inputErr(it, "这一题需要文字回复，请不要发送位置。"+it.expects())
		}
	}
	v, err := it.parseText(in.Text, now, loc)
	if err != nil {
		if ie, ok := err.(*InputError); ok {
			ie.ItemID = it.ID
		}
		return Value{}, err
	}
	return v, nil
}

func (it *Item) parseText(text string, now time.Time, loc *time.Location) (Value, error) {
	v := Value{Type: it.Type}
	switch it.Type {
	case TypeYesNo:
		b, err := ParseYesNo(text)
		if err != nil {
			return v, err
		}
		v.Bool = &b
	case TypeSingle:
		c, err := ParseChoice(text, it.Choices)
		if err != nil {
			return v, err
		}
		v.Choices = []string{c}
	case TypeMulti:
		cs, err := ParseMulti(text, it.Choices)
		if err != nil {
			return v, err
		}
		v.Choices = cs
	case TypeInteger:
		n, err := ParseInteger(text, it.Unit, it.Min, it.Max)
		if err != nil {
			return v, err
		}
		v.Int = &n
	case TypeDecimal:
		f, err := ParseDecimal(text, it.Unit, it.Min, it.Max)
		if err != nil {
			return v, err
		}
		v.Float = &f
	case TypeText:
		s, err := ParseText(text, it.MinLength, it.MaxLength)
		if err != nil {
			return v, err
		}
		v.Text = s
	case TypeDate:
		d, err := ParseDate(text, now, loc)
		if err != nil {
			return v, err
		}
		v.Text = d
	}
	return v, nil
}

// expects says in a short Chinese sentence what kind of reply the item takes.
func (it *Item) expects() string {
	switch it.Type {
	case TypeYesNo:
		return "请回复“是”或“否”。"
	case TypeSingle:
		return "请回复选项前的数字。"
	case TypeMulti:
		return "请回复选项前的数字，可多选，用逗号隔开。"
	case TypeInteger, TypeDecimal:
		return "请输入数字。"
	case TypeDate:
		return "请输入日期，例如：2026-11-27。"
	default:
		return "请输入文字。"
	}
}
