package seeddata

// industryMix is how common each industry class of district.yaml is among
// the district's market entities, and how it is named. The weights favour the
// tertiary sector (96% of new entities in 2023, chancheng.md); streets scale
// them further (streetBias). Classes missing here get defaultMix.
type industryMix struct {
	weight float64
	// individual is the share registered as 个体工商户 (USCC prefix 92).
	individual float64
	// company is the business phrase of a company name, before 有限公司.
	company []string
	// shop are the business words of an individual business's name.
	shop []string
}

var defaultMix = industryMix{weight: 0.5, individual: 0.5, company: []string{"商贸"}, shop: []string{"商行"}}

var mixes = map[string]industryMix{
	"H6210": {6, 0.7, []string{"餐饮管理", "酒家", "饮食"}, []string{"酒家", "饭店", "食府", "大排档"}},
	"H6220": {5, 0.75, []string{"餐饮管理", "快餐"}, []string{"快餐店", "粉面店", "烧腊店"}},
	"H6291": {6, 0.9, []string{"小吃"}, []string{"小食店", "肠粉店", "糖水铺", "云吞面店"}},
	"H6232": {1.5, 0.6, []string{"咖啡"}, []string{"咖啡店", "咖啡馆"}},
	"H6233": {0.6, 0.4, []string{"酒吧管理"}, []string{"酒吧", "清吧"}},
	"H6241": {0.4, 0.2, []string{"餐饮配送", "团膳管理"}, []string{"配餐中心"}},
	"H6242": {2, 0.8, []string{"餐饮"}, []string{"外卖店", "私房菜"}},
	"H6110": {0.2, 0.02, []string{"酒店管理", "大酒店"}, []string{"酒店"}},
	"H6121": {0.5, 0.05, []string{"连锁酒店管理"}, []string{"商务酒店"}},
	"H6129": {1, 0.6, []string{"旅业"}, []string{"旅馆", "招待所"}},
	"H6130": {0.3, 0.7, []string{"民宿"}, []string{"民宿"}},
	"F5212": {1, 0.3, []string{"超市", "百货"}, []string{"超市"}},
	"F5213": {3, 0.7, []string{"便利店"}, []string{"便利店", "士多"}},
	"F5219": {6, 0.85, []string{"商贸"}, []string{"士多店", "杂货店", "综合商店"}},
	"F5239": {7, 0.85, []string{"日用品"}, []string{"日用品店", "精品店", "服装店"}},
	"F5287": {2, 0.6, []string{"陶瓷", "建材"}, []string{"瓷砖经营部", "陶瓷商行", "瓷片店"}},
	"F5285": {1, 0.6, []string{"卫浴", "洁具"}, []string{"卫浴经营部", "洁具店"}},
	"F5281": {3, 0.8, []string{"五金"}, []string{"五金店", "五金经营部"}},
	"F5165": {1.5, 0.3, []string{"陶瓷贸易", "建材贸易"}, []string{"建材经营部"}},
	"F5131": {1.5, 0.5, []string{"纺织贸易", "针织贸易"}, []string{"针织布经营部", "纱线经营部"}},
	"F5265": {0.1, 0, []string{"石油化工", "能源"}, nil},
	"F5296": {0.3, 0.3, []string{"燃气", "能源"}, []string{"液化气供应站"}},
	"F5169": {0.2, 0.1, []string{"化工", "化工贸易"}, []string{"化工经营部"}},
	"G5942": {0.05, 0, []string{"化工仓储"}, nil},
	"C3071": {0.5, 0.05, []string{"陶瓷", "建陶"}, []string{"陶瓷厂"}},
	"C3072": {0.25, 0.05, []string{"卫浴", "卫生陶瓷"}, []string{"陶瓷厂"}},
	"C3075": {0.4, 0.5, []string{"艺术陶瓷", "陶艺"}, []string{"陶艺工作室", "公仔陶坊"}},
	"C1761": {0.8, 0.4, []string{"针织", "纺织"}, []string{"针织厂", "织布厂"}},
	"C1762": {0.15, 0.05, []string{"印染", "纺织印染"}, []string{"染整厂"}},
	"C1821": {0.5, 0.4, []string{"服饰", "针织服装"}, []string{"制衣厂"}},
	"C3312": {0.3, 0.4, []string{"门窗", "铝业"}, []string{"铝门窗加工店"}},
	"C3360": {0.15, 0.1, []string{"金属表面处理"}, []string{"电镀加工场"}},
	"C3392": {0.1, 0.1, []string{"铸造", "精密铸造"}, []string{"铸造厂"}},
	"C3872": {0.3, 0.2, []string{"照明", "光电"}, []string{"灯饰加工场"}},
	"C2319": {0.3, 0.4, []string{"印刷", "包装印刷"}, []string{"印刷店", "快印店"}},
	"C2110": {0.3, 0.4, []string{"家具"}, []string{"家具厂"}},
	"C1431": {0.2, 0.6, []string{"食品"}, []string{"米粉厂", "面食加工场"}},
	"G5920": {0.6, 0.2, []string{"仓储", "物流"}, []string{"仓库"}},
	"G5930": {0.2, 0.1, []string{"冷链物流", "冷藏"}, []string{"冻库"}},
	"G5431": {0.5, 0.3, []string{"物流", "货运"}, []string{"货运部"}},
	"G6020": {0.8, 0.4, []string{"快递", "速递"}, []string{"快递点", "驿站"}},
	"E4790": {0.3, 0, []string{"建筑工程", "建设"}, nil},
	"E5012": {2, 0.5, []string{"装饰工程", "装饰设计"}, []string{"装饰部", "装修队"}},
	"K7020": {1, 0.05, []string{"物业管理", "物业服务"}, []string{"物业服务部"}},
	"K7040": {2, 0.7, []string{"房地产租赁", "物业租赁"}, []string{"出租屋", "公寓"}},
	"O8030": {1, 0.9, []string{"洗涤"}, []string{"洗衣店", "干洗店"}},
	"O8040": {5, 0.9, []string{"美容", "美发"}, []string{"发型屋", "理发店", "美容院", "美甲店"}},
	"O8052": {1, 0.6, []string{"足浴", "养生"}, []string{"足浴店", "沐足店"}},
	"O8111": {1.5, 0.6, []string{"汽车维修", "汽车服务"}, []string{"汽车修理厂", "汽修店"}},
	"O8114": {1.5, 0.95, []string{"车行"}, []string{"电动车维修店", "摩托车维修店"}},
	"R9011": {0.2, 0.2, []string{"娱乐", "KTV"}, []string{"歌舞厅"}},
	"R9013": {0.3, 0.3, []string{"网络科技", "网咖"}, []string{"网吧"}},
	"R9019": {0.5, 0.6, []string{"娱乐", "文化娱乐"}, []string{"桌游室", "棋牌室", "剧本杀馆"}},
	"P8393": {1.5, 0.2, []string{"文化艺术培训", "教育咨询"}, []string{"培训中心"}},
	"P8310": {0.4, 0, []string{"幼儿园管理"}, nil},
	"Q8514": {0.2, 0.05, []string{"养老服务", "颐养"}, []string{"托养中心"}},
	"L7212": {1.5, 0, []string{"投资管理", "实业", "企业管理"}, nil},
}

// streetBias scales industry weights by tag in each street: ceramics in 石湾
// and 南庄, knitting in 张槎, commerce and services in 祖庙 (chancheng.md §4).
var streetBias = map[string]map[string]float64{
	"祖庙街道":  {"餐饮": 1.6, "零售": 1.4, "住宿": 1.8, "娱乐": 1.5, "办公": 2, "陶瓷": 0.2, "纺织": 0.3, "制造": 0.4},
	"石湾镇街道": {"陶瓷": 5, "制造": 1.2},
	"张槎街道":  {"纺织": 10, "制造": 1.5, "陶瓷": 0.3},
	"南庄镇":   {"陶瓷": 7, "制造": 1.5, "仓储物流": 1.5, "纺织": 0.3},
}

// streetShare is each street's share of the district's firms.
var streetShare = map[string]float64{"祖庙街道": 0.36, "石湾镇街道": 0.24, "张槎街道": 0.2, "南庄镇": 0.2}

// roads are plausible road names per street.
var roads = map[string][]string{
	"祖庙街道":  {"祖庙路", "人民路", "福贤路", "建新路", "升平路", "汾江中路", "岭南大道北", "普君北路", "卫国路", "同济路", "锦华路", "莲花路", "市东下路", "垂虹路"},
	"石湾镇街道": {"和平路", "太平路", "东平路", "江湾一路", "季华四路", "澜石大道", "石梁路", "跃进路", "绿景路", "高庙路", "惠景路", "湖景路"},
	"张槎街道":  {"张槎一路", "张槎二路", "张槎四路", "海口大道", "莲塘路", "大富路", "上朗路", "古新路", "江海路", "智城路"},
	"南庄镇":   {"南庄大道", "紫洞路", "罗南路", "龙津路", "吉利大道", "湖冲路", "河滘路", "禅港路", "溶洲路", "人和路"},
}

// Words of names: trade names (字号), surnames and given-name characters
// common in Foshan, and the nicknames 个体户 are named after.
var (
	tradeNames = []string{"华", "兴", "盛", "隆", "泰", "荣", "丰", "利", "顺", "达", "鸿", "鑫", "恒", "裕", "昌", "佳",
		"宏", "嘉", "联", "誉", "新", "金", "宝", "汇", "粤", "禅", "陶", "瑞", "祥", "和", "富", "源", "锦", "诚", "信", "德",
		"美", "雅", "骏", "辉", "星", "海", "安", "康", "永", "胜", "万", "大", "广", "南"}
	surnames = []string{"陈", "李", "黄", "梁", "何", "罗", "张", "林", "吴", "周", "刘", "冯", "麦", "郭", "区", "潘",
		"谭", "叶", "邓", "苏", "杨", "朱", "关", "伍", "霍", "蔡", "钟", "卢", "曾", "卫"}
	givenChars = []string{"伟", "强", "明", "辉", "杰", "斌", "文", "华", "军", "勇", "丽", "敏", "静", "燕", "芳", "玲",
		"婷", "健", "志", "国", "永", "建", "锦", "荣", "海", "嘉", "俊", "家", "宇", "欣", "淑", "惠", "少", "炳", "焕", "棠"}
	nicknames = []string{"阿明", "阿强", "阿华", "阿辉", "阿杰", "阿芳", "阿玲", "阿珍", "阿伟", "阿荣", "阿娟", "阿萍",
		"强记", "明记", "华记", "荣记", "陈记", "李记", "黄记", "梁记", "何记", "兴记", "老张", "老陈", "小林", "小黄"}
)

// citizenCategories are what citizens report about firms: the category is
// one of the report categories of templates/labels.yaml (the words the chat
// offers), with the department it is dispatched to and a typical complaint.
var citizenCategories = []struct{ category, department, text string }{
	{"噪声扰民", "城管", "夜间施工和设备噪声很大，影响休息"},
	{"环境污染", "生态环境", "厨房油烟直排，附近居民意见很大"},
	{"消防安全", "消防救援", "门口消防通道被货物堵住"},
	{"占道经营与市容", "城管", "商品摆到人行道上经营"},
	{"食品安全", "市场监管", "买到的食品有异味，怀疑过期"},
	{"燃气安全", "住建", "店里有煤气味，钢瓶放在门口"},
	{"消防安全", "消防救援", "电动车在楼道里充电"},
	{"环境污染", "生态环境", "废水直接排到路边下水道"},
}
