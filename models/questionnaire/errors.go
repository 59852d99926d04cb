package questionnaire

import (
	"strings"
)

// InputError is a re-prompt: the input was not an acceptable answer, and
// Message (Simplified Chinese, safe to show) says what is expected. Nothing
// was stored.
type InputError struct {
	ItemID  string
	Message string
}

// Error returns the message meant for the user.
func (e *InputError) Error() string { return e.Message }

func inputErr(it *Item, msg string) *InputError {
	id := ""
	if it != nil {
		id = it.ID
	}
	return &InputError{ItemID: id, Message: msg}
}

// IncompleteError is returned by Submit when required answers or evidence
// photos are missing; Missing lists the items in question order.
type IncompleteError struct {
	Missing []*Item
}

// Error lists the missing questions in Chinese, numbered by their ids.
func (e *IncompleteError) Error() string {
	var b strings.Builder
	b.WriteString("还有必答题未完成，请先回答：")
	for i, it := range e.Missing {
		if i > 0 {
			b.WriteString("；")
		}
		if i == 5 {
			b.WriteString("等共")
			b.WriteString(itoa(len(e.Missing)))
			b.WriteString("题")
			break
		}
		b.WriteString(it.label())
	}
	return b.String()
}

// ErrNoPrevious is returned by Back on the first question.
var ErrNoPrevious = &InputError{Message: "已经是第一题了，没有上一题。"}

// ErrFinished is returned by Answer and Skip when every question is answered.
var ErrFinished = &InputError{Message: "所有问题都已回答，请回复“提交”确认提交，或回复“上一题”修改。"}
