package web

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

// statusOf maps error codes to HTTP statuses; anything uncoded is a 500.
var statusOf = map[string]int{
	models.EINVALID:   http.StatusBadRequest,
	models.ENOTFOUND:  http.StatusNotFound,
	models.ECONFLICT:  http.StatusConflict,
	models.EFORBIDDEN: http.StatusForbidden,
	models.EINTERNAL:  http.StatusInternalServerError,
}

// errUnauthorized asks the client to sign in or send a token.
var errUnauthorized = models.Errorf("unauthorized", "请先登录或提供有效的 API 令牌")

// apiError is the body of every JSON error.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string            `json:"code" enum:"invalid,not_found,conflict,forbidden,unauthorized,internal" example:"invalid"`
	Message string            `json:"message" description:"可以展示给用户的中文说明" example:"请求参数有误"`
	Fields  map[string]string `json:"fields,omitempty" description:"字段名 -> 该字段的问题"`
}

// Error writes err as the response: a JSON body {"error": {"code",
// "message"}} under /api/, a Chinese error page elsewhere. Uncoded errors are
// logged and shown as models.InternalMessage.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code := models.ErrorCode(err)
	msg := models.ErrorMessage(err)
	var fields map[string]string
	var ve *questionnaire.ValidationError
	if errors.As(err, &ve) {
		code, msg, fields = models.EINVALID, ve.Error(), ve.Map()
	}
	status, ok := statusOf[code]
	if errors.Is(err, errTooLarge) {
		status = http.StatusRequestEntityTooLarge
	}
	if code == "unauthorized" {
		status, ok = http.StatusUnauthorized, true
	}
	if !ok {
		status = http.StatusInternalServerError
	}
	if status == http.StatusInternalServerError {
		s.log.ErrorContext(r.Context(), "request failed", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
		code, msg = models.EINTERNAL, models.InternalMessage
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.writeJSON(w, status, apiError{apiErrorBody{Code: code, Message: msg, Fields: fields}})
		return
	}
	if status == http.StatusUnauthorized {
		http.Redirect(w, r, "/admin/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.render(w, r, status, "error", &errorPage{Status: status, Message: msg})
}

// errorPage is the data of the error page.
type errorPage struct {
	page
	Status  int
	Message string
}
