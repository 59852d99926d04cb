package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// TestBodyLimits refuses oversized bodies with 413 and a Chinese message
// before any form is parsed, signed in or not.
func TestBodyLimits(t *testing.T) {
	e := newEnv(t, "sqlite")
	form := func(size int) (string, io.Reader) {
		return "application/x-www-form-urlencoded", strings.NewReader("a=" + strings.Repeat("x", size))
	}
	upload := func(size int) (string, io.Reader) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, _ := mw.CreateFormFile("photo", "big.jpg")
		fw.Write(bytes.Repeat([]byte{0xff}, size))
		mw.Close()
		return mw.FormDataContentType(), &b
	}
	tests := []struct {
		name string
		body func(int) (string, io.Reader)
		size int
		want int
	}{
		{"FormOverLimit", form, 2 << 20, http.StatusRequestEntityTooLarge},
		{"UploadOverLimit", upload, 13 << 20, http.StatusRequestEntityTooLarge},
		// Within the limits, the missing CSRF token is what refuses them.
		{"SmallForm", form, 100, http.StatusForbidden},
		{"SmallUpload", upload, 100, http.StatusForbidden},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			contentType, body := tc.body(tc.size)
			resp, err := e.client().Post(e.srv.URL+"/admin/login", contentType, body)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("POST %d bytes = %d, want %d", tc.size, resp.StatusCode, tc.want)
			}
		})
	}
}
