package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

// maxBody bounds JSON request bodies.
const maxBody = 64 << 10

// writeJSON writes v with status.
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.log.Warn("write json", "error", err)
	}
}

// decodeJSON reads a JSON body into v, refusing unknown fields, and validates
// it. Problems come back as EINVALID or *questionnaire.ValidationError.
func (s *Server) decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return &questionnaire.ValidationError{Fields: []questionnaire.FieldError{{Field: ute.Field, Message: ute.Field + "的类型不正确"}}}
		}
		return models.Errorf(models.EINVALID, "请求体不是有效的 JSON：%s", err.Error())
	}
	return s.validator.Struct(v)
}

// check validates v and returns field -> message, or nil when v is valid.
func (s *Server) check(v any) map[string]string {
	err := s.validator.Struct(v)
	if err == nil {
		return nil
	}
	var ve *questionnaire.ValidationError
	if errors.As(err, &ve) {
		return ve.Map()
	}
	return map[string]string{"": err.Error()}
}

// fieldsError turns field messages into the error Error writes as a 400.
func fieldsError(fields map[string]string) error {
	ve := &questionnaire.ValidationError{}
	for f, m := range fields {
		ve.Fields = append(ve.Fields, questionnaire.FieldError{Field: f, Message: m})
	}
	return ve
}

// pathID parses the {id} path value.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, models.Errorf(models.ENOTFOUND, "未找到该企业")
	}
	return id, nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	s.writeJSON(w, http.StatusOK, MeResponse{User: UserV1{Username: u.Username, Name: u.Name, Role: s.coded("role", u.Role), Scope: u.Scope}})
	return nil
}
