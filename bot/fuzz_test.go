package bot

import (
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzParseMessage feeds arbitrary bodies to the XML parser: it must never
// panic, and what it accepts must carry a sender and a known kind.
func FuzzParseMessage(f *testing.F) {
	f.Add([]byte(textXML("o1", 1, "帮助")))
	f.Add([]byte(`<xml><FromUserName>o</FromUserName><MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_ABC</EventKey></xml>`))
	f.Add([]byte(`<xml><FromUserName>o</FromUserName><MsgType>image</MsgType><MediaId>m</MediaId></xml>`))
	f.Add([]byte(`<xml><FromUserName>o</FromUserName><MsgType>location</MsgType><Location_X>23.1</Location_X><Location_Y>113.2</Location_Y></xml>`))
	f.Add([]byte(`<xml>`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		in, err := parseMessage(raw, time.Unix(0, 0))
		if err != nil {
			return
		}
		if in.OpenID == "" || len(in.OpenID) > 64 {
			t.Fatalf("accepted openid %q", in.OpenID)
		}
		switch in.Kind {
		case KindText, KindImage, KindLocation, KindEvent, KindOther:
		default:
			t.Fatalf("kind %q", in.Kind)
		}
		if in.Kind == KindText && !utf8.ValidString(in.Content) {
			t.Fatalf("invalid UTF-8 content accepted")
		}
		_, _ = replyXML(in, []Outbound{{Text: in.Content}}, time.Unix(0, 0))
	})
}
