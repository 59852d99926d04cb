package wechatsim

import (
	"strings"
	"testing"
)

func click(name, key string) Button { return Button{Type: "click", Name: name, Key: key} }

func TestMenuCreate(t *testing.T) {
	five := []Button{click("企业自查", "a"), click("我的信用", "b"), click("整改", "c"), click("帮助", "d"), click("进度", "e")}
	for _, tc := range []struct {
		name string
		menu Menu
		want int
	}{
		{name: "OK", menu: Menu{Button: []Button{{Name: "企业服务", SubButton: five}, {Name: "市民服务", SubButton: five[:3]}, click("帮助", "HELP")}}},
		{name: "OKView", menu: Menu{Button: []Button{{Type: "view", Name: "官网", URL: "https://example.gov.cn/"}}}},
		{name: "ErrNoButton", menu: Menu{}, want: 40016},
		{name: "ErrFourButtons", menu: Menu{Button: []Button{click("一", "1"), click("二", "2"), click("三", "3"), click("四", "4")}}, want: 40016},
		{name: "ErrButtonName", menu: Menu{Button: []Button{click("企业服务中心", "1")}}, want: 40018},
		{name: "ErrButtonType", menu: Menu{Button: []Button{{Type: "scan", Name: "扫一扫", Key: "1"}}}, want: 40017},
		{name: "ErrButtonKey", menu: Menu{Button: []Button{click("帮助", strings.Repeat("k", 129))}}, want: 40019},
		{name: "ErrButtonURL", menu: Menu{Button: []Button{{Type: "view", Name: "官网"}}}, want: 40020},
		{name: "ErrButtonURLDomain", menu: Menu{Button: []Button{{Type: "view", Name: "官网", URL: "ftp://x"}}}, want: 40055},
		{name: "ErrSixSubButtons", menu: Menu{Button: []Button{{Name: "企业", SubButton: append(five, click("六", "6"))}}}, want: 40023},
		{name: "ErrSubButtonName", menu: Menu{Button: []Button{{Name: "企业", SubButton: []Button{click(strings.Repeat("长", 21), "1")}}}}, want: 40025},
		{name: "ErrSubButtonType", menu: Menu{Button: []Button{{Name: "企业", SubButton: []Button{{Name: "x"}}}}}, want: 40024},
		{name: "ErrSubButtonKey", menu: Menu{Button: []Button{{Name: "企业", SubButton: []Button{click("x", "")}}}}, want: 40026},
		{name: "ErrSubMenuLevel", menu: Menu{Button: []Button{{Name: "企业", SubButton: []Button{{Name: "x", SubButton: five}}}}}, want: 40022},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t)
			tok := token(t, s)
			out := post(t, s, "/cgi-bin/menu/create", tok, tc.menu)
			if got := errcode(out); got != tc.want {
				t.Fatalf("menu create = %v, want errcode %d", out, tc.want)
			}
			got := call(t, "GET", s.URL+"/cgi-bin/menu/get?access_token="+tok, nil)
			if _, ok := got["menu"]; ok != (tc.want == 0) {
				t.Errorf("menu get = %v after create %d", got, tc.want)
			}
		})
	}
}

func TestMenuDelete(t *testing.T) {
	s := newTestServer(t)
	tok := token(t, s)
	post(t, s, "/cgi-bin/menu/create", tok, Menu{Button: []Button{click("帮助", "HELP")}})
	if m, ok := s.CurrentMenu(); !ok || m.Button[0].Key != "HELP" {
		t.Fatalf("CurrentMenu() = %+v, %v", m, ok)
	}
	if out := call(t, "GET", s.URL+"/cgi-bin/menu/delete?access_token="+tok, nil); errcode(out) != 0 {
		t.Fatal(out)
	}
	if got := errcode(call(t, "GET", s.URL+"/cgi-bin/menu/get?access_token="+tok, nil)); got != 46003 {
		t.Errorf("menu get after delete = %d, want 46003", got)
	}
}
