package wechatsim

import "testing"

func TestCheckKeyword(t *testing.T) {
	for _, tc := range []struct {
		keyword, value string
		want           string
	}{
		{"thing1", "佛山市禅城区一品餐厅", ""},
		{"thing1", "消防安全自查：灭火器A-3 过期", ""},
		{"thing1", "一二三四五六七八九十一二三四五六七八九十", ""},
		{"thing1", "一二三四五六七八九十一二三四五六七八九十一", "invalid"},
		{"thing1", "", "empty"},
		{"thing1", "两行\n文字", "invalid"},
		{"thing1", "制表\t符", "invalid"},
		{"number4", "5", ""},
		{"number4", "12.50", ""},
		{"number4", "五", "invalid"},
		{"number4", "-1", "invalid"},
		{"letter2", "ABC", ""},
		{"letter2", "C级", "invalid"},
		{"symbol1", "+-*", ""},
		{"symbol1", "a", "invalid"},
		{"character_string1", "JB20261127-0001", ""},
		{"character_string1", "JB2026112700010001…", "invalid"},
		{"character_string1", "编号1", "invalid"},
		{"character_string1", "123456789012345678901234567890123", "invalid"},
		{"time3", "2026年12月05日 17:00", ""},
		{"time3", "15:01", ""},
		{"time3", "2019年10月1日 15:01", ""},
		{"time3", "2026-12-05 17:00:00", ""},
		{"time3", "2026年12月5日 08:00~2026年12月5日 12:00", ""},
		{"time3", "2026-12-11", "invalid"},
		{"time3", "已截止", "invalid"},
		{"date2", "2026年12月5日", ""},
		{"date2", "2026年12月", ""},
		{"date2", "12月5日", ""},
		{"date2", "2018-01-01", ""},
		{"date2", "2018/01/01 10:00", ""},
		{"date2", "下周一", "invalid"},
		{"amount1", "¥100.50", ""},
		{"amount1", "100元", ""},
		{"amount1", "一百元", "invalid"},
		{"phone_number1", "+86-757-12345678", ""},
		{"phone_number1", "热线12345", "invalid"},
		{"car_number1", "粤E12345", ""},
		{"car_number1", "粤E1234学", ""},
		{"car_number1", "粤E123456789", "invalid"},
		{"name1", "张三", ""},
		{"name1", "Zhang San", ""},
		{"name1", "张三1", "invalid"},
		{"phrase2", "已通过", ""},
		{"phrase2", "丙等", ""},
		{"phrase2", "C级", "invalid"},
		{"phrase2", "逾期未整改了", "invalid"},
		{"const1", "已受理", ""},
		{"const1", "处理中", "invalid"},
	} {
		got := checkKeyword(tc.keyword, tc.value, []string{"已受理", "已办结"})
		if got != tc.want {
			t.Errorf("checkKeyword(%s, %q) = %q, want %q", tc.keyword, tc.value, got, tc.want)
		}
	}
}
