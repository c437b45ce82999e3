"""National reference code lists: GB/T 2260 regions and GB/T 4754 industry sections.

Names are kept in both languages here instead of the translation catalogue because they are data
(official names), not interface text.
"""

from __future__ import annotations

from iehub.core.models import bilingual

PROVINCES: dict[str, tuple[str, str]] = {
    "110000": ("北京市", "Beijing"),
    "120000": ("天津市", "Tianjin"),
    "130000": ("河北省", "Hebei"),
    "140000": ("山西省", "Shanxi"),
    "150000": ("内蒙古自治区", "Inner Mongolia"),
    "210000": ("辽宁省", "Liaoning"),
    "220000": ("吉林省", "Jilin"),
    "230000": ("黑龙江省", "Heilongjiang"),
    "310000": ("上海市", "Shanghai"),
    "320000": ("江苏省", "Jiangsu"),
    "330000": ("浙江省", "Zhejiang"),
    "340000": ("安徽省", "Anhui"),
    "350000": ("福建省", "Fujian"),
    "360000": ("江西省", "Jiangxi"),
    "370000": ("山东省", "Shandong"),
    "410000": ("河南省", "Henan"),
    "420000": ("湖北省", "Hubei"),
    "430000": ("湖南省", "Hunan"),
    "440000": ("广东省", "Guangdong"),
    "450000": ("广西壮族自治区", "Guangxi"),
    "460000": ("海南省", "Hainan"),
    "500000": ("重庆市", "Chongqing"),
    "510000": ("四川省", "Sichuan"),
    "520000": ("贵州省", "Guizhou"),
    "530000": ("云南省", "Yunnan"),
    "540000": ("西藏自治区", "Tibet"),
    "610000": ("陕西省", "Shaanxi"),
    "620000": ("甘肃省", "Gansu"),
    "630000": ("青海省", "Qinghai"),
    "640000": ("宁夏回族自治区", "Ningxia"),
    "650000": ("新疆维吾尔自治区", "Xinjiang"),
    "710000": ("台湾省", "Taiwan"),
    "810000": ("香港特别行政区", "Hong Kong"),
    "820000": ("澳门特别行政区", "Macao"),
}

CITIES: dict[str, tuple[str, str]] = {
    "440100": ("广州市", "Guangzhou"),
    "440200": ("韶关市", "Shaoguan"),
    "440300": ("深圳市", "Shenzhen"),
    "440400": ("珠海市", "Zhuhai"),
    "440500": ("汕头市", "Shantou"),
    "440600": ("佛山市", "Foshan"),
    "440700": ("江门市", "Jiangmen"),
    "440800": ("湛江市", "Zhanjiang"),
    "440900": ("茂名市", "Maoming"),
    "441200": ("肇庆市", "Zhaoqing"),
    "441300": ("惠州市", "Huizhou"),
    "441400": ("梅州市", "Meizhou"),
    "441500": ("汕尾市", "Shanwei"),
    "441600": ("河源市", "Heyuan"),
    "441700": ("阳江市", "Yangjiang"),
    "441800": ("清远市", "Qingyuan"),
    "441900": ("东莞市", "Dongguan"),
    "442000": ("中山市", "Zhongshan"),
    "445100": ("潮州市", "Chaozhou"),
    "445200": ("揭阳市", "Jieyang"),
    "445300": ("云浮市", "Yunfu"),
    "320100": ("南京市", "Nanjing"),
    "320200": ("无锡市", "Wuxi"),
    "320400": ("常州市", "Changzhou"),
    "320500": ("苏州市", "Suzhou"),
    "330100": ("杭州市", "Hangzhou"),
    "330200": ("宁波市", "Ningbo"),
    "350200": ("厦门市", "Xiamen"),
    "370100": ("济南市", "Jinan"),
    "370200": ("青岛市", "Qingdao"),
    "420100": ("武汉市", "Wuhan"),
    "430100": ("长沙市", "Changsha"),
    "510100": ("成都市", "Chengdu"),
    "610100": ("西安市", "Xi'an"),
}

REGIONS: dict[str, tuple[str, str]] = {**PROVINCES, **CITIES}

INDUSTRY_SECTIONS: dict[str, tuple[str, str]] = {
    "A": ("农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"),
    "B": ("采矿业", "Mining"),
    "C": ("制造业", "Manufacturing"),
    "D": ("电力、热力、燃气及水生产和供应业", "Electricity, heat, gas and water supply"),
    "E": ("建筑业", "Construction"),
    "F": ("批发和零售业", "Wholesale and retail trade"),
    "G": ("交通运输、仓储和邮政业", "Transport, storage and postal services"),
    "H": ("住宿和餐饮业", "Accommodation and catering"),
    "I": ("信息传输、软件和信息技术服务业", "Information transmission, software and IT services"),
    "J": ("金融业", "Finance"),
    "K": ("房地产业", "Real estate"),
    "L": ("租赁和商务服务业", "Leasing and business services"),
    "M": ("科学研究和技术服务业", "Scientific research and technical services"),
    "N": ("水利、环境和公共设施管理业", "Water, environment and public facilities management"),
    "O": ("居民服务、修理和其他服务业", "Resident services, repair and other services"),
    "P": ("教育", "Education"),
    "Q": ("卫生和社会工作", "Health and social work"),
    "R": ("文化、体育和娱乐业", "Culture, sports and entertainment"),
    "S": ("公共管理、社会保障和社会组织", "Public administration, social security and social organisations"),
    "T": ("国际组织", "International organisations"),
}


def localised(pair: tuple[str, str]) -> str:
    """Pick the Chinese or English name of a code for the active language."""
    chinese, english = pair
    return bilingual(english, chinese)


def province_code(region_code: str) -> str:
    """The GB/T 2260 province that contains a region code (its first two digits)."""
    return f"{region_code[:2]}0000" if region_code else ""


def region_name(code: str) -> str:
    """Province and city name for a region code, e.g. "广东省 深圳市"; empty for no code."""
    if not code:
        return ""
    province = PROVINCES.get(province_code(code))
    parts = [localised(province)] if province else []
    if code in CITIES:
        parts.append(localised(CITIES[code]))
    return " ".join(parts) if parts else code


def industry_name(section: str) -> str:
    """Localised GB/T 4754 section name, or the code itself when unknown."""
    pair = INDUSTRY_SECTIONS.get(section)
    return localised(pair) if pair else section


def region_choices() -> list[tuple[str, str]]:
    """All known region codes with their display names, provinces first."""
    return [(code, f"{code} {region_name(code)}") for code in REGIONS]


def industry_choices() -> list[tuple[str, str]]:
    """GB/T 4754 sections with display names."""
    return [(code, f"{code} {industry_name(code)}") for code in INDUSTRY_SECTIONS]
