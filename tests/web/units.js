// Run in the page by test_js_and_accessibility.py: the page's own modules, imported as the page does.
(async () => {
  const f = await import("/ui/js/format.js");
  const fields = await import("/ui/js/fields.js");
  const rules = await import("/ui/js/rules.js");
  const api = await import("/ui/js/api.js");
  const out = {};
  out.marks = [
    "重大、复杂案件永久保存（UNVERIFIED：出自地方经验材料，须按档案管理规定核实）",
    "118号文的五类情形加本局目录清单；条文措辞 [UNVERIFIED]，情形 [V2]。",
    "不经集体讨论（docs/READINGS.md#national-simple-procedure，测试案例 T1），",
    "UNVERIFIED 《江苏省行政处罚听证程序规则》",
    "没有标记的文字",
  ].map(f.plainMarks);
  out.problems = [
    {code: "no_unit", message: "密钥持有人「张三」不属于任何执法单位，不能办理案件",
     suggestion: "请管理员执行 lexgate units assign --key 0a1b --unit 单位编号，或由本单位法制人员在「单位」页加入"},
    {code: "something_new", message: "API 密钥无效", suggestion: "在请求头加 Authorization: Bearer lgk_…"},
    {code: "bad", message: "金额有误", suggestion: "写成 15万 或 150000", problems: [{code: "x", message: "m", suggestion: "先运行 lexgate lint"}]},
  ].map(api.forPeople);
  out.money = f.money(150000);
  out.values = [f.factValue({type: "money"}, 3000), f.factValue(null, true), f.factValue(null, false),
                f.factValue(null, []), f.factValue(null, ["警告", "罚款"]), f.factValue(null, undefined)];
  out.periods = [f.period(null, null), f.period("2024-07-29", null), f.period("2021-01-01", "2025-12-31")];
  out.today = f.today(new Date(2026, 0, 5));
  out.dates = ["2026-12-06", "2026/12/6", "2026年12月6日", " 2026.12.06 ", "2026-02-30", "12/6/2026", "明天"].map(f.parseDate);
  out.cn = [f.cnDate("2026-12-06"), f.cnDate(new Date(2026, 0, 5)), f.cnDate(null)];
  out.outcomes = ["required", "not_required", "undetermined"].map(f.outcomeLabel);

  const bool = fields.buildField({id: "hearing_held", label: "经过听证程序", type: "bool", question: "？"}, "t");
  const set = fields.buildField({id: "penalties", label: "拟处罚种类", type: "set", values: ["警告", "罚款"], question: "？"}, "t");
  const money = fields.buildField({id: "fine_amount", label: "拟罚款金额", type: "money", question: "？"}, "t");
  document.body.append(bool, set, money);
  const states = [];
  states.push(fields.collectFacts([bool, set, money]));                 // all unknown
  fields.writeValue(bool, false); fields.writeValue(set, []); fields.writeValue(money, " 15万 ");
  states.push(fields.collectFacts([bool, set, money]));                 // 否, 以上皆无, typed text
  set.querySelector("input[value='罚款']").click();                      // ticking a value clears 以上皆无
  states.push(fields.readValue(set));
  set.querySelector("input[value='__none__']").click();                 // and 以上皆无 clears the values
  states.push(fields.readValue(set));
  fields.writeValue(bool, undefined); fields.writeValue(money, undefined);
  states.push(fields.collectFacts([bool, money]));
  out.states = states;
  for (const el of [bool, set, money]) el.remove();

  const rule = {title: "听证", id: "x.y", text: "经过听证程序", basis: ["《行政处罚法》第五十八条第一款"],
                concludes: [{kind: "decision", id: "legal_review", label: "法制审核"}],
                reads: [{kind: "fact", id: "hearing_held", label: "经过听证程序"}]};
  out.matches = [
    rules.matches(rule, {text: "第五十八条"}), rules.matches(rule, {text: "第五十七条"}),
    rules.matches(rule, {fact: "hearing_held"}), rules.matches(rule, {fact: "fine_amount"}),
    rules.matches(rule, {decision: "legal_review", text: "听证 第五十八条"}), rules.matches(rule, {decision: "publicity"}),
  ];
  out.numbers = [1, 10, 15, 58, 100, 105, 110, 2026].map(rules.chineseNumber);
  out.words = ["第58条", "58条", "行政处罚法第五十八条", "听证  宜春", "《中华人民共和国行政处罚法》第58条第1款"].map(rules.searchWords);
  return out;
})
