/**
 * Templates that `shencha init` writes. Field labels are bilingual (中文 / English); every value is a
 * placeholder the vendor replaces — shencha never invents a statement.
 */

export function vendorProfileTemplate(product: { name: string; version: string }): string {
  return `# 供应商声明 / Vendor profile for the review dossier
# Schema: urn:shencha:schema:vendor-profile:1 (schemas/json/vendor-profile.schema.json)
# Replace every <…>. A section that does not apply goes under notApplicable with the reason.
schemaVersion: 1

# D0 文档控制与法律依据 / Document control and legal basis
control:
  documentId: "<文档编号 / document id>"
  documentVersion: "1.0"
  preparedBy: "<编制单位 / prepared by>"
  legalBasis:
    - instrument: 网络安全审查办法 / Cybersecurity Review Measures (2021)
      articles: ["Art. 6", "Art. 8", "Art. 10"]
    - instrument: 中华人民共和国网络安全法 / Cybersecurity Law of the PRC (2016)
      articles: ["Art. 35"]
      numbering: 2016-original   # 2016 numbering; cite renumbered (2025 amendment) articles only from the consolidated text

# D1 供应商及股权结构 / Supplier and ownership chain
supplier:
  name: "<法定名称（英文） / legal name>"
  nameZh: "<法定名称（中文） / legal name in Chinese>"
  country: CN                     # 注册国家 / country of registration (ISO 3166-1 alpha-2)
  registrationId: "<统一社会信用代码 / unified social credit code>"
  control: cn-controlled          # 控制类型 / cn-controlled | foreign-invested | foreign
  ownershipChain:                 # 股权结构 / ownership chain up to the ultimate controller
    - entity: "<股东 / shareholder>"
      country: CN
      share: 100
      control: cn-controlled
  contact:                        # 公开联系方式 / published contact (allowed through redaction)
    name: "<部门 / office>"
    email: "<security@example.cn>"

# D2 产品及部署 / Product and deployment
product:
  name: ${product.name}
  version: ${product.version}
  reviewCategory: "<审查类别 / review category>"
  mlpsClass: other                # 等保产品类别 / security | network | operating-system | database | server | other
  deployment: "<部署方式 / deployment>"
  remoteChannelSwitches:          # 每个远程通道的关闭方式 / how the operator turns each remote channel off
    - match: telemetry
      switch: "<关闭方式 / switch>"

# D3 承诺（第六条） / Commitments (Art. 6)
commitments:
  statements:
    - 不利用提供产品的便利条件非法获取用户数据 / We will not use the supply of this product to obtain user data illegally.
    - 不非法控制和操纵用户设备 / We will not illegally control or manipulate the operator's systems and devices.
    - 无正当理由不中断产品供应或必要的技术支持服务 / We will not interrupt supply or necessary technical support without just cause.
  signatory: "<签署人 / signatory>"
  date: "<YYYY-MM-DD>"

# D4 风险分析（第十条第一至七项） / Risk analysis keyed to Art. 10(1)–(7)
riskAnalysis:
  "1":
    assessment: "<被非法控制、干扰或破坏的风险 / illegal control, interference, destruction>"
  "2":
    assessment: "<供应中断风险 / supply interruption>"
  "3":
    assessment: "<安全性、开放性、透明性、来源多样性 / security, openness, transparency, diversity>"
  "4":
    assessment: "<遵守中国法律 / compliance with PRC law>"
  "5":
    assessment: "<数据窃取、泄露、出境风险 / data theft, leakage, export>"
  "6":
    assessment: "<境外上市影响 / foreign listing>"
  "7":
    assessment: "<其他 / other>"

# D7 供应连续性 / Supply continuity
supplyContinuity:
  supportUntil: "<YYYY-MM-DD>"

# D8 数据清单与跨境流动 / Data inventory and cross-border flows
data:
  inventory:
    - category: "<数据类别 / data category>"
      storedIn: "<存储位置 / where stored>"
  crossBorder:
    flows: []
    statement: "<跨境说明 / statement>"

# D9 安全开发与构建完整性 / Secure development and build integrity
buildIntegrity:
  buildCommands: ["<构建命令 / build command>"]
  reproducible: false

# D10 测试、认证与源代码审查 / Testing, certification and the source-review offer
testing:
  summary: "<测试概况 / testing summary>"
  sourceReviewOffer: "<源代码审查安排 / source-review offer>"

# D11 漏洞处理 / Vulnerability handling
vulnerabilityHandling:
  contact: "<security@example.cn>"
  responseDays: 2

# D12 变更记录：由 shencha attest 生成 / Change record: produced by \`shencha attest\`
notApplicable:
  D12: "<首次申报 / first filing: no previously cleared dossier>"

# D13 附件 / Annexes (copied into evidence/ and hashed)
annexes: []
`;
}

export const CONFIG_TEMPLATE = `# shencha configuration (schema: urn:shencha:schema:shencha-config:1)
schemaVersion: 1
vendorProfile: vendor.yaml
hashes: [sha256]
sbom:
  specVersion: "1.6"
pack:
  archive: tar.gz
  exclude: []
  withhold: []
  vendored: include
redaction:
  allow:
    values: []
  internalDomains: []
`;
