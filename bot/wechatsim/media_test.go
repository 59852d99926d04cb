package wechatsim

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestMediaGet(t *testing.T) {
	for _, tc := range []struct {
		name    string
		unknown bool
		after   time.Duration
		want    int
	}{
		{name: "OK"},
		{name: "OKBeforeThreeDays", after: MediaLifetime - time.Minute},
		{name: "ErrExpired", after: MediaLifetime, want: 40007},
		{name: "ErrUnknown", unknown: true, want: 40007},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t)
			id := s.AddMedia("image/png", []byte("png"))
			if tc.unknown {
				id = "nope"
			}
			s.Advance(tc.after)
			resp, err := http.Get(s.URL + "/cgi-bin/media/get?access_token=" + token(t, s) + "&media_id=" + id)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			got := 0
			if strings.Contains(string(body), `"errcode":40007`) {
				got = 40007
			}
			if got != tc.want || (tc.want == 0 && string(body) != "png") {
				t.Errorf("media get = %q, want errcode %d", body, tc.want)
			}
		})
	}
}
