package web

import (
	"net/http"
	"unicode/utf8"

	"selfcheck/models"
)

// errNotText refuses a form holding bytes that are not UTF-8: the database
// would refuse them half-way through a change, and no browser sends them.
var errNotText = models.Errorf(models.EINVALID, "提交的内容含有无效字符（不是 UTF-8 文本），请检查后重新提交")

// checkFormText returns errNotText when a parsed form's keys or values are
// not valid UTF-8.
func checkFormText(r *http.Request) error {
	valid := func(vs map[string][]string) bool {
		for k, v := range vs {
			if !utf8.ValidString(k) {
				return false
			}
			for _, s := range v {
				if !utf8.ValidString(s) {
					return false
				}
			}
		}
		return true
	}
	if !valid(r.Form) || r.MultipartForm != nil && !valid(r.MultipartForm.Value) {
		return errNotText
	}
	return nil
}
