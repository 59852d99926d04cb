package questionnaire

import (
	"strings"
)

// Prompt is what to send for the current question: the item, whether the
// evidence photo is being asked, progress, the answer already given (when
// the user went back) and the chat text already rendered.
type Prompt struct {
	Item    *Item
	Photo   bool
	Index   int
	Total   int
	Current *Answer
	Text    string
}

// Command is a navigation word typed instead of an answer.
type Command int

// Commands the chat recognises in any question.
const (
	CommandNone Command = iota
	CommandBack
	CommandSkip
	CommandQuit
	CommandSubmit
	CommandSummary
)

var commandWords = map[string]Command{
	"上一题": CommandBack, "上一步": CommandBack, "返回": CommandBack, "back": CommandBack,
	"跳过": CommandSkip, "skip": CommandSkip,
	"退出": CommandQuit, "暂停": CommandQuit, "稍后再答": CommandQuit, "quit": CommandQuit,
	"提交": CommandSubmit, "确认提交": CommandSubmit, "submit": CommandSubmit,
	"汇总": CommandSummary, "查看答案": CommandSummary,
}

// ParseCommand recognises 上一题, 跳过, 退出, 提交 and 汇总 (and a few
// synonyms); anything else is CommandNone and should be taken as an answer.
func ParseCommand(text string) Command {
	return commandWords[strings.ToLower(trimChat(Fold(text)))]
}

func (s *Session) prompt(it *Item, photo bool, env map[string]any) Prompt {
	p := Prompt{Item: it, Photo: photo}
	rel := s.relevantItems(env)
	p.Total = len(rel)
	for i, x := range rel {
		if x.ID == it.ID {
			p.Index = i + 1
		}
	}
	if a, ok := s.st.Answers[it.ID]; ok {
		p.Current = &a
	}
	var b strings.Builder
	if title := s.t.sectionTitle(it.Section); title != "" {
		b.WriteString("【" + title + "】")
	}
	b.WriteString("第" + itoa(p.Index) + "/" + itoa(p.Total) + "题\n")
	if photo {
		b.WriteString(it.Text + "\n")
		b.WriteString("您的回答：" + it.Display(p.Current.Value) + "。请拍摄一张现场照片作为佐证发送过来。\n")
		b.WriteString("回复“上一题”可修改答案，回复“退出”保存进度稍后继续。")
		p.Text = b.String()
		return p
	}
	b.WriteString(it.Text + "\n")
	if it.Hint != "" {
		b.WriteString("（" + it.Hint + "）\n")
	}
	b.WriteString(it.answerGuide())
	if p.Current != nil {
		b.WriteString("当前答案：" + it.Display(p.Current.Value) + "，重新回复即可修改。\n")
	}
	var nav []string
	if len(s.st.History) > 0 && s.st.Revisit != 0 {
		nav = append(nav, "“上一题”返回")
	}
	if !it.Required {
		nav = append(nav, "“跳过”跳过本题")
	}
	nav = append(nav, "“退出”保存进度稍后继续")
	b.WriteString("回复" + strings.Join(nav, "，") + "。")
	p.Text = b.String()
	return p
}

// answerGuide is the part of a prompt that says how to answer.
func (it *Item) answerGuide() string {
	var b strings.Builder
	switch it.Type {
	case TypeYesNo:
		b.WriteString("1. 是\n2. 否\n请回复“是”或“否”（或数字1、2）。\n")
	case TypeSingle, TypeMulti:
		for i, c := range it.Choices {
			b.WriteString(itoa(i+1) + ". " + c.Label + "\n")
		}
		if it.Type == TypeSingle {
			b.WriteString("请回复选项前的数字。\n")
		} else {
			b.WriteString("可多选，请回复选项数字，用逗号或空格隔开，例如：1,3\n")
		}
	case TypeInteger, TypeDecimal:
		r := numberRange{Unit: it.Unit, Min: it.Min, Max: it.Max}
		kind := "数字"
		if it.Type == TypeInteger {
			kind = "整数"
		}
		b.WriteString("请输入" + kind + paren(r.hint()) + "。\n")
	case TypeText:
		b.WriteString("请输入文字，不超过" + itoa(it.MaxLength) + "字。\n")
	case TypeDate:
		b.WriteString("请输入日期，例如：2026-11-27，或回复“今天”“昨天”。\n")
	case TypePhoto:
		b.WriteString("请发送一张照片。\n")
	case TypeLocation:
		b.WriteString("请点击“+”选择“位置”发送位置。\n")
	}
	return b.String()
}

func (t *Template) sectionTitle(id string) string {
	for _, s := range t.Sections {
		if s.ID == id {
			return s.Title
		}
	}
	return ""
}
