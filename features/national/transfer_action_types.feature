# language: zh-CN
功能: 移送不限于行政处罚：行政强制、行政检查中发现涉嫌犯罪的，同样须移送（国务院令第310号第三条）
  行政执法机关在依法查处违法行为过程中发现涉嫌犯罪的，必须移送公安机关：不论是在作出行政处罚，还是在
  采取行政强制措施、进行行政检查时发现（docs/READINGS.md：移送规则适用于行政处罚、行政强制和行政检查，
  不评估行政许可）。每一条立案追诉标准各有一行：执法行为类别为行政强制或行政检查、达到该标准时，
  须移送，且理由正是这条规则；伪劣产品的三条标准在所列的每个案件领域各有一行。
  （这些例子由 lexgate mutate 的存活变异提出：少列一个执法行为类别或案件领域，原有场景都发现不了。）

  背景:
    假如 管辖地为"全国"
    而且 评估日期为"2026-11-01"
    而且 案件事实如下:
      | 事实 | 值 |
      | 适用程序 | 普通程序 |
      | 非法经营行为 | 否 |
      | 假冒注册商标 | 否 |
      | 销售假冒注册商标的商品 | 否 |
      | 非法制造销售注册商标标识 | 否 |
      | 假冒专利 | 否 |
      | 知识产权案件存在犯罪合理嫌疑 | 否 |

  场景大纲: 行政强制、行政检查中发现达到立案追诉标准的，须移送
    假如 案件事实如下:
      | 事实 | 值 |
      | 执法行为类别 | <类别> |
      | 案件领域 | <领域> |
      | 当事人类型 | <当事人> |
      | <行为> | 是 |
      | 广告涉及商品 | <广告商品> |
      | 销售金额 | <销售金额> |
      | 尚未销售货值金额 | <未售货值> |
      | 违法所得数额 | <违法所得> |
      | 非法经营数额 | <经营数额> |
      | 二年内同类违法受行政处罚次数 | <处罚次数> |
    当 进行分流
    那么 "移送司法机关"的结论应为"需要"
    而且 "移送司法机关"的理由应包括规则"<规则>"

    例子:
      | 类别 | 领域 | 当事人 | 行为 | 广告商品 | 销售金额 | 未售货值 | 违法所得 | 经营数额 | 处罚次数 | 规则 |
      | 行政强制 | 食品 | 法人 | 掺入有毒有害的非食品原料 | 其他 | 0 | 0 | 0 | 0 | 0 | national.judicial_transfer.toxic_food |
      | 行政强制 | 食品 | 法人 | 足以造成严重食物中毒或严重食源性疾病 | 其他 | 0 | 0 | 0 | 0 | 0 | national.judicial_transfer.unsafe_food |
      | 行政强制 | 药品 | 法人 | 生产销售假药 | 其他 | 0 | 0 | 0 | 0 | 0 | national.judicial_transfer.counterfeit_drug |
      | 行政强制 | 商标 | 法人 | 假冒注册商标 | 其他 | 0 | 0 | 0 | 50000 | 0 | national.judicial_transfer.counterfeit_trademark.business_amount |
      | 行政强制 | 商标 | 法人 | 假冒注册商标 | 其他 | 0 | 0 | 30000 | 0 | 0 | national.judicial_transfer.counterfeit_trademark.illegal_gains |
      | 行政强制 | 专利 | 法人 | 知识产权案件存在犯罪合理嫌疑 | 其他 | 0 | 0 | 0 | 0 | 0 | national.judicial_transfer.ip_reasonable_suspicion |
      | 行政强制 | 广告 | 法人 | 虚假广告 | 其他 | 0 | 0 | 100000 | 0 | 0 | national.judicial_transfer.false_advertising.gains_2022 |
      | 行政强制 | 广告 | 法人 | 虚假广告 | 保健食品 | 0 | 0 | 30000 | 0 | 0 | national.judicial_transfer.false_advertising.food_drug_2022 |
      | 行政强制 | 广告 | 法人 | 虚假广告 | 其他 | 0 | 0 | 0 | 0 | 2 | national.judicial_transfer.false_advertising.repeat_2022 |
      | 行政强制 | 价格 | 个体工商户 | 非法经营行为 | 其他 | 0 | 0 | 0 | 50000 | 0 | national.judicial_transfer.illegal_operation.individual_amount |
      | 行政强制 | 价格 | 自然人 | 非法经营行为 | 其他 | 0 | 0 | 10000 | 0 | 0 | national.judicial_transfer.illegal_operation.individual_gains |
      | 行政强制 | 价格 | 其他组织 | 非法经营行为 | 其他 | 0 | 0 | 0 | 500000 | 0 | national.judicial_transfer.illegal_operation.organisation_amount |
      | 行政强制 | 价格 | 法人 | 非法经营行为 | 其他 | 0 | 0 | 100000 | 0 | 0 | national.judicial_transfer.illegal_operation.organisation_gains |
      | 行政强制 | 商标 | 法人 | 销售假冒注册商标的商品 | 其他 | 50000 | 0 | 0 | 0 | 0 | national.judicial_transfer.counterfeit_goods_sale.sales |
      | 行政强制 | 商标 | 法人 | 销售假冒注册商标的商品 | 其他 | 0 | 0 | 30000 | 0 | 0 | national.judicial_transfer.counterfeit_goods_sale.gains |
      | 行政强制 | 商标 | 法人 | 销售假冒注册商标的商品 | 其他 | 0 | 150000 | 0 | 0 | 0 | national.judicial_transfer.counterfeit_goods_sale.unsold |
      | 行政强制 | 商标 | 法人 | 销售假冒注册商标的商品 | 其他 | 40000 | 110000 | 0 | 0 | 0 | national.judicial_transfer.counterfeit_goods_sale.combined |
      | 行政强制 | 商标 | 法人 | 非法制造销售注册商标标识 | 其他 | 0 | 0 | 0 | 50000 | 0 | national.judicial_transfer.counterfeit_mark.business_amount |
      | 行政强制 | 商标 | 法人 | 非法制造销售注册商标标识 | 其他 | 0 | 0 | 30000 | 0 | 0 | national.judicial_transfer.counterfeit_mark.illegal_gains |
      | 行政强制 | 专利 | 法人 | 假冒专利 | 其他 | 0 | 0 | 0 | 200000 | 0 | national.judicial_transfer.patent_counterfeiting.business_amount |
      | 行政强制 | 专利 | 法人 | 假冒专利 | 其他 | 0 | 0 | 100000 | 0 | 0 | national.judicial_transfer.patent_counterfeiting.illegal_gains |
      | 行政强制 | 食品 | 法人 | 非法经营行为 | 其他 | 0 | 0 | 0 | 100000 | 0 | national.judicial_transfer.illegal_operation.food_amount |
      | 行政强制 | 食品 | 法人 | 非法经营行为 | 其他 | 0 | 0 | 50000 | 0 | 0 | national.judicial_transfer.illegal_operation.food_gains |
      | 行政强制 | 价格 | 法人 | 非法经营行为 | 其他 | 0 | 0 | 0 | 0 | 2 | national.judicial_transfer.illegal_operation.repeat |
      | 行政检查 | 食品 | 法人 | 掺入有毒有害的非食品原料 | 其他 | 0 | 0 | 0 | 0 | 0 | national.judicial_transfer.toxic_food |
      | 行政检查 | 食品 | 法人 | 足以造成严重食物中毒或严重食源性疾病 | 其他 | 0 | 0 | 0 | 0 | 0 | national.judicial_transfer.unsafe_food |
      | 行政检查 | 药品 | 法人 | 生产销售假药 | 其他 | 0 | 0 | 0 | 0 | 0 | national.judicial_transfer.counterfeit_drug |
      | 行政检查 | 商标 | 法人 | 假冒注册商标 | 其他 | 0 | 0 | 0 | 50000 | 0 | national.judicial_transfer.counterfeit_trademark.business_amount |
      | 行政检查 | 商标 | 法人 | 假冒注册商标 | 其他 | 0 | 0 | 30000 | 0 | 0 | national.judicial_transfer.counterfeit_trademark.illegal_gains |
      | 行政检查 | 专利 | 法人 | 知识产权案件存在犯罪合理嫌疑 | 其他 | 0 | 0 | 0 | 0 | 0 | national.judicial_transfer.ip_reasonable_suspicion |
      | 行政检查 | 广告 | 法人 | 虚假广告 | 其他 | 0 | 0 | 100000 | 0 | 0 | national.judicial_transfer.false_advertising.gains_2022 |
      | 行政检查 | 广告 | 法人 | 虚假广告 | 保健食品 | 0 | 0 | 30000 | 0 | 0 | national.judicial_transfer.false_advertising.food_drug_2022 |
      | 行政检查 | 广告 | 法人 | 虚假广告 | 其他 | 0 | 0 | 0 | 0 | 2 | national.judicial_transfer.false_advertising.repeat_2022 |
      | 行政检查 | 价格 | 个体工商户 | 非法经营行为 | 其他 | 0 | 0 | 0 | 50000 | 0 | national.judicial_transfer.illegal_operation.individual_amount |
      | 行政检查 | 价格 | 自然人 | 非法经营行为 | 其他 | 0 | 0 | 10000 | 0 | 0 | national.judicial_transfer.illegal_operation.individual_gains |
      | 行政检查 | 价格 | 其他组织 | 非法经营行为 | 其他 | 0 | 0 | 0 | 500000 | 0 | national.judicial_transfer.illegal_operation.organisation_amount |
      | 行政检查 | 价格 | 法人 | 非法经营行为 | 其他 | 0 | 0 | 100000 | 0 | 0 | national.judicial_transfer.illegal_operation.organisation_gains |
      | 行政检查 | 商标 | 法人 | 销售假冒注册商标的商品 | 其他 | 50000 | 0 | 0 | 0 | 0 | national.judicial_transfer.counterfeit_goods_sale.sales |
      | 行政检查 | 商标 | 法人 | 销售假冒注册商标的商品 | 其他 | 0 | 0 | 30000 | 0 | 0 | national.judicial_transfer.counterfeit_goods_sale.gains |
      | 行政检查 | 商标 | 法人 | 销售假冒注册商标的商品 | 其他 | 0 | 150000 | 0 | 0 | 0 | national.judicial_transfer.counterfeit_goods_sale.unsold |
      | 行政检查 | 商标 | 法人 | 销售假冒注册商标的商品 | 其他 | 40000 | 110000 | 0 | 0 | 0 | national.judicial_transfer.counterfeit_goods_sale.combined |
      | 行政检查 | 商标 | 法人 | 非法制造销售注册商标标识 | 其他 | 0 | 0 | 0 | 50000 | 0 | national.judicial_transfer.counterfeit_mark.business_amount |
      | 行政检查 | 商标 | 法人 | 非法制造销售注册商标标识 | 其他 | 0 | 0 | 30000 | 0 | 0 | national.judicial_transfer.counterfeit_mark.illegal_gains |
      | 行政检查 | 专利 | 法人 | 假冒专利 | 其他 | 0 | 0 | 0 | 200000 | 0 | national.judicial_transfer.patent_counterfeiting.business_amount |
      | 行政检查 | 专利 | 法人 | 假冒专利 | 其他 | 0 | 0 | 100000 | 0 | 0 | national.judicial_transfer.patent_counterfeiting.illegal_gains |
      | 行政检查 | 食品 | 法人 | 非法经营行为 | 其他 | 0 | 0 | 0 | 100000 | 0 | national.judicial_transfer.illegal_operation.food_amount |
      | 行政检查 | 食品 | 法人 | 非法经营行为 | 其他 | 0 | 0 | 50000 | 0 | 0 | national.judicial_transfer.illegal_operation.food_gains |
      | 行政检查 | 价格 | 法人 | 非法经营行为 | 其他 | 0 | 0 | 0 | 0 | 2 | national.judicial_transfer.illegal_operation.repeat |

  场景大纲: 伪劣产品在所列的每个案件领域、每类执法行为中达到标准的，须移送
    假如 案件事实如下:
      | 事实 | 值 |
      | 执法行为类别 | <类别> |
      | 案件领域 | <领域> |
      | 当事人类型 | 法人 |
      | 生产销售伪劣产品 | 是 |
    而且 "销售金额"为"<销售金额>"
    而且 "尚未销售货值金额"为"<未售货值>"
    当 进行分流
    那么 "移送司法机关"的结论应为"需要"
    而且 "移送司法机关"的理由应包括规则"<规则>"

    例子:
      | 类别 | 领域 | 销售金额 | 未售货值 | 规则 |
      | 行政强制 | 产品质量 | 50000 |  | national.judicial_transfer.substandard_product.sales |
      | 行政检查 | 食品 | 50000 |  | national.judicial_transfer.substandard_product.sales |
      | 行政处罚 | 药品 | 50000 |  | national.judicial_transfer.substandard_product.sales |
      | 行政强制 | 医疗器械 | 50000 |  | national.judicial_transfer.substandard_product.sales |
      | 行政检查 | 化妆品 | 50000 |  | national.judicial_transfer.substandard_product.sales |
      | 行政处罚 | 特种设备 | 50000 |  | national.judicial_transfer.substandard_product.sales |
      | 行政强制 | 商标 | 50000 |  | national.judicial_transfer.substandard_product.sales |
      | 行政检查 | 其他 | 50000 |  | national.judicial_transfer.substandard_product.sales |
      | 行政检查 | 产品质量 |  | 150000 | national.judicial_transfer.substandard_product.unsold |
      | 行政处罚 | 食品 |  | 150000 | national.judicial_transfer.substandard_product.unsold |
      | 行政强制 | 药品 |  | 150000 | national.judicial_transfer.substandard_product.unsold |
      | 行政检查 | 医疗器械 |  | 150000 | national.judicial_transfer.substandard_product.unsold |
      | 行政处罚 | 化妆品 |  | 150000 | national.judicial_transfer.substandard_product.unsold |
      | 行政强制 | 特种设备 |  | 150000 | national.judicial_transfer.substandard_product.unsold |
      | 行政检查 | 商标 |  | 150000 | national.judicial_transfer.substandard_product.unsold |
      | 行政处罚 | 其他 |  | 150000 | national.judicial_transfer.substandard_product.unsold |
      | 行政处罚 | 产品质量 | 30000 | 60000 | national.judicial_transfer.substandard_product.combined |
      | 行政强制 | 食品 | 30000 | 60000 | national.judicial_transfer.substandard_product.combined |
      | 行政检查 | 药品 | 30000 | 60000 | national.judicial_transfer.substandard_product.combined |
      | 行政处罚 | 医疗器械 | 30000 | 60000 | national.judicial_transfer.substandard_product.combined |
      | 行政强制 | 化妆品 | 30000 | 60000 | national.judicial_transfer.substandard_product.combined |
      | 行政检查 | 特种设备 | 30000 | 60000 | national.judicial_transfer.substandard_product.combined |
      | 行政处罚 | 商标 | 30000 | 60000 | national.judicial_transfer.substandard_product.combined |
      | 行政强制 | 其他 | 30000 | 60000 | national.judicial_transfer.substandard_product.combined |
