// The city-sized data set for the benchmarks (DESIGN §8): 200 labs, 10,000 instruments with
// opening hours and exceptions, 1,000,000 bookings over two years, then the utilisation rollups
// rebuilt and ANALYZEd. Everything is generated server-side (insert … select generate_series);
// nothing is sent row by row. DEMO DATA: not real organisations or people.
// Run: npm run bench:data [-- --if-missing]   (its own stack: ports 575xx, data in .local/bench; TEST_PORT_OFFSET moves the ports)
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { ROOT_DIR } from "../supabase/local/config.ts";
import { BENCH_BUREAU, benchClient, benchConfig, startBenchStack } from "./bench-stack.ts";

const ifMissing = process.argv.includes("--if-missing");
// BENCH_BOOKINGS (default 1,000,000) and BENCH_DATA_DIR make a smaller set beside the usual one, to
// measure how the reports scale with the number of bookings (bench/bureau-stats.ts).
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 1_000_000);

interface InstrumentType {
  zh: string;
  en: string;
  category: string;
  rate: number;
  /** 0 Mon–Fri 08:30–17:30, 1 with a lunch break, 2 Mon–Sat 08:00–20:00, 3 around the clock */
  hours: 0 | 1 | 2 | 3;
  chains: string[];
  makers: [string, string][];
  specZh: string;
  specEn: string;
}

const TYPES: InstrumentType[] = [
  { zh: "场发射扫描电子显微镜", en: "Field-emission scanning electron microscope", category: "electron_microscopy", rate: 450, hours: 0, chains: ["new_carbon", "power_battery", "special_steel"], makers: [["Carl Zeiss 蔡司", "GeminiSEM 500"], ["Hitachi 日立", "SU8230"], ["JEOL 日本电子", "JSM-IT800"], ["Thermo Fisher 赛默飞", "Apreo 2"]], specZh: "分辨率 0.8 nm @ 15 kV，配能谱 EDS", specEn: "resolution 0.8 nm at 15 kV, with EDS" },
  { zh: "透射电子显微镜", en: "Transmission electron microscope", category: "electron_microscopy", rate: 900, hours: 1, chains: ["new_carbon", "power_battery"], makers: [["JEOL 日本电子", "JEM-F200"], ["Thermo Fisher 赛默飞", "Talos F200X"]], specZh: "点分辨率 0.19 nm，200 kV", specEn: "point resolution 0.19 nm, 200 kV" },
  { zh: "台式扫描电镜", en: "Benchtop scanning electron microscope", category: "electron_microscopy", rate: 200, hours: 0, chains: ["special_steel", "rail_transit"], makers: [["Phenom 飞纳", "XL G2"], ["Hitachi 日立", "TM4000Plus"]], specZh: "放大倍数 20–200,000×", specEn: "magnification 20–200,000×" },
  { zh: "激光共聚焦显微镜", en: "Confocal laser scanning microscope", category: "optical_microscopy", rate: 300, hours: 1, chains: ["biomedicine"], makers: [["Leica 徕卡", "STELLARIS 5"], ["Olympus 奥林巴斯", "FV3000"]], specZh: "四激光器，光谱检测", specEn: "four lasers, spectral detection" },
  { zh: "金相显微镜", en: "Metallographic microscope", category: "optical_microscopy", rate: 80, hours: 0, chains: ["special_steel", "rail_transit"], makers: [["Zeiss 蔡司", "Axio Imager M2m"], ["Nikon 尼康", "ECLIPSE MA200"]], specZh: "明场、暗场、偏光、DIC", specEn: "bright field, dark field, polarised, DIC" },
  { zh: "原子力显微镜", en: "Atomic force microscope", category: "probe_microscopy", rate: 350, hours: 1, chains: ["new_carbon", "solar_pv"], makers: [["Bruker 布鲁克", "Dimension Icon"], ["Oxford Instruments 牛津仪器", "Cypher ES"]], specZh: "扫描范围 90 μm，PeakForce 模式", specEn: "90 μm scan range, PeakForce mode" },
  { zh: "X射线衍射仪", en: "X-ray diffractometer", category: "xray_diffraction", rate: 250, hours: 0, chains: ["new_carbon", "power_battery", "solar_pv"], makers: [["Bruker 布鲁克", "D8 Advance"], ["Rigaku 理学", "SmartLab"], ["Malvern Panalytical 马尔文帕纳科", "Empyrean"]], specZh: "Cu 靶，2θ 范围 −110°–168°", specEn: "Cu tube, 2θ range −110° to 168°" },
  { zh: "单晶X射线衍射仪", en: "Single-crystal X-ray diffractometer", category: "xray_diffraction", rate: 500, hours: 3, chains: ["biomedicine", "new_carbon"], makers: [["Bruker 布鲁克", "D8 Venture"], ["Rigaku 理学", "XtaLAB Synergy"]], specZh: "Mo/Cu 双光源，低温附件", specEn: "Mo/Cu dual source, cryostream" },
  { zh: "X射线荧光光谱仪", en: "X-ray fluorescence spectrometer", category: "xray_fluorescence", rate: 220, hours: 0, chains: ["special_steel"], makers: [["Thermo Fisher 赛默飞", "ARL PERFORM'X"], ["Rigaku 理学", "ZSX Primus IV"]], specZh: "元素范围 B–U", specEn: "elements B to U" },
  { zh: "电感耦合等离子体质谱仪", en: "Inductively coupled plasma mass spectrometer (ICP-MS)", category: "mass_spec", rate: 400, hours: 0, chains: ["power_battery", "biomedicine", "solar_pv"], makers: [["Agilent 安捷伦", "7900"], ["Thermo Fisher 赛默飞", "iCAP RQ"], ["PerkinElmer 珀金埃尔默", "NexION 5000"]], specZh: "检出限 ppt 级，碰撞反应池", specEn: "ppt detection limits, collision/reaction cell" },
  { zh: "电感耦合等离子体发射光谱仪", en: "ICP optical emission spectrometer (ICP-OES)", category: "spectroscopy", rate: 250, hours: 0, chains: ["power_battery", "special_steel"], makers: [["Agilent 安捷伦", "5900"], ["Thermo Fisher 赛默飞", "iCAP PRO"]], specZh: "同步垂直双向观测", specEn: "synchronous vertical dual view" },
  { zh: "气相色谱质谱联用仪", en: "Gas chromatograph–mass spectrometer (GC-MS)", category: "mass_spec", rate: 300, hours: 1, chains: ["biomedicine", "new_energy_vehicles"], makers: [["Agilent 安捷伦", "8890-5977B"], ["Shimadzu 岛津", "GCMS-QP2020 NX"]], specZh: "EI 源，质量范围 1.5–1050 u", specEn: "EI source, mass range 1.5–1050 u" },
  { zh: "液相色谱质谱联用仪", en: "Liquid chromatograph–mass spectrometer (LC-MS/MS)", category: "mass_spec", rate: 450, hours: 1, chains: ["biomedicine"], makers: [["Waters 沃特世", "Xevo TQ-XS"], ["SCIEX", "Triple Quad 6500+"]], specZh: "三重四极杆，ESI/APCI", specEn: "triple quadrupole, ESI/APCI" },
  { zh: "高效液相色谱仪", en: "High-performance liquid chromatograph (HPLC)", category: "chromatography", rate: 150, hours: 0, chains: ["biomedicine"], makers: [["Waters 沃特世", "Alliance e2695"], ["Shimadzu 岛津", "LC-2050C"], ["Agilent 安捷伦", "1260 Infinity II"]], specZh: "四元泵，二极管阵列检测器", specEn: "quaternary pump, diode-array detector" },
  { zh: "傅里叶变换红外光谱仪", en: "Fourier-transform infrared spectrometer (FTIR)", category: "spectroscopy", rate: 120, hours: 0, chains: ["new_carbon", "biomedicine"], makers: [["Thermo Fisher 赛默飞", "Nicolet iS50"], ["Bruker 布鲁克", "INVENIO R"]], specZh: "ATR、透射、漫反射附件", specEn: "ATR, transmission and diffuse-reflectance accessories" },
  { zh: "激光拉曼光谱仪", en: "Raman spectrometer", category: "spectroscopy", rate: 200, hours: 0, chains: ["new_carbon", "solar_pv"], makers: [["Horiba 堀场", "LabRAM HR Evolution"], ["Renishaw 雷尼绍", "inVia Qontor"]], specZh: "532/785 nm 激光，面扫成像", specEn: "532/785 nm lasers, mapping" },
  { zh: "紫外可见近红外分光光度计", en: "UV-Vis-NIR spectrophotometer", category: "spectroscopy", rate: 100, hours: 0, chains: ["solar_pv"], makers: [["PerkinElmer 珀金埃尔默", "Lambda 1050+"], ["Shimadzu 岛津", "UV-3600i Plus"]], specZh: "波长 175–3300 nm，积分球", specEn: "175–3300 nm, integrating sphere" },
  { zh: "X射线光电子能谱仪", en: "X-ray photoelectron spectrometer (XPS)", category: "spectroscopy", rate: 800, hours: 1, chains: ["new_carbon", "power_battery", "solar_pv"], makers: [["Thermo Fisher 赛默飞", "ESCALAB Xi+"], ["Kratos", "AXIS Supra+"]], specZh: "单色化 Al Kα，深度剖析", specEn: "monochromated Al Kα, depth profiling" },
  { zh: "碳硫分析仪", en: "Carbon/sulfur analyser", category: "elemental", rate: 80, hours: 0, chains: ["special_steel"], makers: [["LECO 力可", "CS844"], ["ELTRA 埃尔特", "CS-i"]], specZh: "高频感应炉燃烧红外吸收法", specEn: "induction furnace, infrared detection" },
  { zh: "氧氮氢分析仪", en: "Oxygen/nitrogen/hydrogen analyser", category: "elemental", rate: 120, hours: 0, chains: ["special_steel", "rail_transit"], makers: [["LECO 力可", "ONH836"], ["Horiba 堀场", "EMGA-930"]], specZh: "惰气熔融法", specEn: "inert gas fusion" },
  { zh: "同步热分析仪", en: "Simultaneous thermal analyser (TGA/DSC)", category: "thermal_analysis", rate: 150, hours: 3, chains: ["new_carbon", "power_battery"], makers: [["Netzsch 耐驰", "STA 449 F5"], ["Mettler Toledo 梅特勒托利多", "TGA/DSC 3+"]], specZh: "室温–1600 °C", specEn: "room temperature to 1600 °C" },
  { zh: "差示扫描量热仪", en: "Differential scanning calorimeter", category: "thermal_analysis", rate: 120, hours: 0, chains: ["new_carbon", "new_energy_vehicles"], makers: [["TA Instruments 沃特斯TA", "DSC 2500"], ["Netzsch 耐驰", "DSC 214 Polyma"]], specZh: "−180–725 °C", specEn: "−180 to 725 °C" },
  { zh: "电子万能试验机", en: "Universal testing machine", category: "universal_testing", rate: 150, hours: 0, chains: ["special_steel", "rail_transit", "new_energy_vehicles"], makers: [["Instron 英斯特朗", "5985"], ["ZwickRoell 兹韦克", "Z100"], ["MTS 美特斯", "Criterion C45"]], specZh: "最大载荷 250 kN，高低温箱", specEn: "250 kN capacity, environmental chamber" },
  { zh: "疲劳试验机", en: "Servo-hydraulic fatigue testing system", category: "fatigue", rate: 200, hours: 3, chains: ["rail_transit", "new_energy_vehicles", "special_steel"], makers: [["MTS 美特斯", "Landmark 370.25"], ["Instron 英斯特朗", "8802"]], specZh: "±250 kN，频率 0.01–100 Hz", specEn: "±250 kN, 0.01–100 Hz" },
  { zh: "维氏硬度计", en: "Vickers hardness tester", category: "hardness", rate: 60, hours: 0, chains: ["special_steel"], makers: [["Wilson 威尔逊", "VH3300"], ["Future-Tech", "FM-810"]], specZh: "载荷 10 gf–50 kgf，自动测量", specEn: "10 gf to 50 kgf, automatic measurement" },
  { zh: "高低温湿热试验箱", en: "Temperature and humidity chamber", category: "climate_chamber", rate: 50, hours: 3, chains: ["new_energy_vehicles", "solar_pv", "power_battery"], makers: [["ESPEC 爱斯佩克", "PL-3KPH"], ["Weiss Technik 伟思富奇", "ClimeEvent C/340"]], specZh: "−70–180 °C，10–98 %RH", specEn: "−70 to 180 °C, 10–98 %RH" },
  { zh: "盐雾腐蚀试验箱", en: "Salt-spray corrosion chamber", category: "salt_spray", rate: 40, hours: 3, chains: ["special_steel", "new_energy_vehicles", "rail_transit"], makers: [["Q-Lab", "Q-FOG CRH1100"], ["Ascott", "CC1000ip"]], specZh: "中性盐雾、循环腐蚀", specEn: "neutral salt spray, cyclic corrosion" },
  { zh: "电动振动试验系统", en: "Electrodynamic vibration test system", category: "vibration", rate: 300, hours: 2, chains: ["rail_transit", "new_energy_vehicles", "power_battery"], makers: [["苏试试验 Suzhou Sushi", "DC-6000"], ["Brüel & Kjær", "LDS V8900"]], specZh: "推力 60 kN，频率 5–2500 Hz", specEn: "60 kN force, 5–2500 Hz" },
  { zh: "电池充放电测试系统", en: "Battery cycler", category: "battery_cycler", rate: 30, hours: 3, chains: ["power_battery", "new_energy_vehicles"], makers: [["Neware 新威", "CT-4008T"], ["Arbin", "LBT21084"], ["Maccor", "Series 4000"]], specZh: "5 V / 6 A，每台 8 通道", specEn: "5 V / 6 A, 8 channels" },
  { zh: "电化学工作站", en: "Electrochemical workstation", category: "battery_cycler", rate: 80, hours: 0, chains: ["power_battery", "solar_pv"], makers: [["Bio-Logic", "VMP-300"], ["辰华 CH Instruments", "CHI760E"], ["Gamry", "Interface 1010E"]], specZh: "阻抗 10 μHz–1 MHz", specEn: "impedance 10 μHz to 1 MHz" },
  { zh: "太阳能组件IV测试仪", en: "PV module I-V tester", category: "pv_test", rate: 120, hours: 0, chains: ["solar_pv"], makers: [["Pasan 帕山", "HighLIGHT LMT"], ["Halm", "cetisPV-Celltest3"]], specZh: "AAA 级稳态模拟光源", specEn: "class AAA solar simulator" },
  { zh: "激光粒度分析仪", en: "Laser diffraction particle size analyser", category: "particle_size", rate: 90, hours: 0, chains: ["new_carbon", "power_battery"], makers: [["Malvern Panalytical 马尔文帕纳科", "Mastersizer 3000"], ["Horiba 堀场", "LA-960V2"]], specZh: "测量范围 0.01–3500 μm", specEn: "0.01–3500 μm" },
  { zh: "比表面积及孔径分析仪", en: "Surface area and porosity analyser (BET)", category: "surface_area", rate: 120, hours: 3, chains: ["new_carbon", "power_battery"], makers: [["Micromeritics 麦克默瑞提克", "ASAP 2460"], ["Quantachrome 康塔", "Autosorb iQ"]], specZh: "N2/CO2 吸附，微孔分析", specEn: "N2/CO2 adsorption, micropore analysis" },
  { zh: "三坐标测量机", en: "Coordinate measuring machine", category: "universal_testing", rate: 180, hours: 0, chains: ["rail_transit", "new_energy_vehicles"], makers: [["Hexagon 海克斯康", "GLOBAL S 9.15.8"], ["Zeiss 蔡司", "CONTURA"]], specZh: "示值误差 1.5+L/300 μm", specEn: "MPE 1.5 + L/300 μm" },
  { zh: "工业CT", en: "Industrial computed tomography scanner", category: "xray_diffraction", rate: 600, hours: 2, chains: ["power_battery", "new_energy_vehicles", "rail_transit"], makers: [["Zeiss 蔡司", "METROTOM 1500"], ["Waygate 韦林", "phoenix v|tome|x m"]], specZh: "225 kV 微焦点，体素 2 μm", specEn: "225 kV microfocus, 2 μm voxels" },
];

const CATEGORIES: [string, string, string, [string, string, string][]][] = [
  ["analysis", "成分分析仪器", "Composition analysis", [["spectroscopy", "光谱仪器", "Spectroscopy"], ["chromatography", "色谱仪器", "Chromatography"], ["mass_spec", "质谱仪器", "Mass spectrometry"], ["elemental", "元素分析仪器", "Elemental analysis"]]],
  ["microscopy", "电子光学与显微仪器", "Microscopy", [["electron_microscopy", "电子显微镜", "Electron microscopy"], ["optical_microscopy", "光学显微镜", "Optical microscopy"], ["probe_microscopy", "扫描探针显微镜", "Scanning probe microscopy"]]],
  ["structure", "物相与结构分析", "Phase and structure analysis", [["xray_diffraction", "X射线衍射与成像", "X-ray diffraction and imaging"], ["xray_fluorescence", "X射线荧光", "X-ray fluorescence"], ["thermal_analysis", "热分析仪器", "Thermal analysis"]]],
  ["mechanics", "力学性能测试", "Mechanical testing", [["universal_testing", "万能试验与计量", "Universal testing and metrology"], ["fatigue", "疲劳试验", "Fatigue testing"], ["hardness", "硬度测试", "Hardness testing"]]],
  ["reliability", "环境与可靠性试验", "Environmental and reliability testing", [["climate_chamber", "气候环境试验", "Climatic testing"], ["salt_spray", "腐蚀试验", "Corrosion testing"], ["vibration", "振动冲击试验", "Vibration and shock"]]],
  ["energy", "新能源测试", "New-energy testing", [["battery_cycler", "电池与电化学测试", "Battery and electrochemistry"], ["pv_test", "光伏测试", "Photovoltaic testing"]]],
  ["particles", "颗粒与表面分析", "Particle and surface analysis", [["particle_size", "粒度分析", "Particle size"], ["surface_area", "比表面积与孔隙", "Surface area and porosity"]]],
];

const CHAINS: [string, string, string][] = [
  ["special_steel", "特钢", "Special steel"],
  ["new_carbon", "新型碳材料", "New carbon materials"],
  ["solar_pv", "光伏", "Solar photovoltaics"],
  ["power_battery", "动力电池", "Power batteries"],
  ["rail_transit", "轨道交通", "Rail transit"],
  ["new_energy_vehicles", "新能源汽车及核心部件", "New-energy vehicles and core parts"],
  ["biomedicine", "生物医药", "Biomedicine"],
];

const DISTRICTS: [string, string, string][] = [
  ["tianning", "天宁区", "Tianning"],
  ["zhonglou", "钟楼区", "Zhonglou"],
  ["xinbei", "新北区", "Xinbei"],
  ["wujin", "武进区", "Wujin"],
  ["jintan", "金坛区", "Jintan"],
  ["liyang", "溧阳市", "Liyang"],
  ["jingkai", "常州经开区", "Changzhou Economic Development Zone"],
];

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const arr = (xs: string[]) => `array[${xs.map(q).join(", ")}]::text[]`;

function referenceSql(): string {
  const districts = DISTRICTS.map(([c, zh, en], i) => `(${q(c)}, ${q(zh)}, ${q(en)}, ${i})`).join(",\n");
  const chains = CHAINS.map(([c, zh, en], i) => `(${q(c)}, ${q(zh)}, ${q(en)}, ${i})`).join(",\n");
  const tops = CATEGORIES.map(([c, zh, en], i) => `(${q(c)}, ${q(zh)}, ${q(en)}, ${i})`).join(",\n");
  const children = CATEGORIES.flatMap(([parent, , , kids]) =>
    kids.map(([c, zh, en], i) => `(${q(parent)}, ${q(c)}, ${q(zh)}, ${q(en)}, ${i})`),
  ).join(",\n");
  const types = TYPES.map(
    (t, i) =>
      `(${i}, ${q(t.zh)}, ${q(t.en)}, ${q(t.category)}, ${t.rate}, ${t.hours}, ${arr(t.chains)}, ` +
      `${arr(t.makers.map((m) => m[0]))}, ${arr(t.makers.map((m) => m[1]))}, ${q(t.specZh)}, ${q(t.specEn)})`,
  ).join(",\n");
  return `
insert into public.districts (code, name_zh, name_en, sort_order) values ${districts} on conflict (code) do nothing;
insert into public.industrial_chains (code, name_zh, name_en, sort_order) values ${chains} on conflict (code) do nothing;
insert into public.instrument_categories (code, name_zh, name_en, sort_order) values ${tops} on conflict (code) do nothing;
insert into public.instrument_categories (parent_id, code, name_zh, name_en, sort_order)
select p.id, v.code, v.zh, v.en, v.sort from (values ${children}) v(parent, code, zh, en, sort)
join public.instrument_categories p on p.code = v.parent
on conflict (code) do nothing;
create table bench.types (n int primary key, zh text, en text, category text, rate numeric, hours int,
  chains text[], makers text[], models text[], spec_zh text, spec_en text);
insert into bench.types values ${types};`;
}

const STEPS: [string, string][] = [
  ["users and organisations", `
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data,
  created_at, updated_at)
select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
  'bench-user-' || n || '@bench.cz-instruments.test', '', now(), '', '', '', '',
  '{"provider": "email", "providers": ["email"]}', jsonb_build_object('display_name', '测试用户' || n), now(), now()
from generate_series(1, 2000) n;
create table bench.users as select id, (row_number() over (order by id) - 1)::int as n from auth.users where email like 'bench-user-%';
create index on bench.users (n);
-- Triggers are off during the load, so the sign-up trigger made no profiles: lab staff read
-- requesters' names from them.
insert into public.profiles (id, display_name)
select u.id, u.raw_user_meta_data ->> 'display_name' from auth.users u join bench.users b on b.id = u.id;

-- 120 organisations that run labs, 3,000 SMEs.
insert into public.organisations (name_zh, name_en, kind, district_id)
select '常州' || (array['天宁','钟楼','新北','武进','金坛','溧阳','龙城','延陵','滆湖','西太湖','科教城','天目湖'])[1 + n % 12]
  || (array['材料','检测','先进制造','新能源','精密仪器','质量技术','化工','轨道交通','碳材料','生物医药'])[1 + (n / 12) % 10]
  || (array['研究院','检测中心','大学','有限公司','技术研究所'])[1 + n % 5] || '（' || n || '）',
  'Changzhou ' || (array['Tianning','Zhonglou','Xinbei','Wujin','Jintan','Liyang','Longcheng','Yanling','Gehu','West Taihu','Science Town','Tianmu Lake'])[1 + n % 12]
  || ' ' || (array['Materials','Testing','Advanced Manufacturing','New Energy','Precision Instruments','Quality Technology','Chemicals','Rail Transit','Carbon Materials','Biomedicine'])[1 + (n / 12) % 10]
  || ' ' || (array['Research Institute','Testing Centre','University','Co., Ltd.','Institute of Technology'])[1 + n % 5] || ' (' || n || ')',
  (array['institute','testing_centre','university','enterprise','institute'])[1 + n % 5]::public.organisation_kind,
  (select id from public.districts order by sort_order, code offset n % 7 limit 1)
from generate_series(1, 120) n;
create table bench.lab_orgs as select id, (row_number() over (order by id) - 1)::int as n from public.organisations
  where id not in (select id from bench.seeded);
create index on bench.lab_orgs (n);

-- triggers are off while generating: the SMEs' status is written here (verified, as the bureau would have them)
insert into public.organisations (name_zh, name_en, kind, sme_status, district_id)
select '常州' || (array['恒','瑞','华','创','宏','新','博','正','德','天','鼎','昊','晟','凯','明'])[1 + n % 15]
  || (array['泰','达','源','科','信','诚','远','通','阳','嘉','锐','盛','智','安'])[1 + (n / 15) % 14]
  || (array['新材料','电池','光伏科技','精密机械','汽车部件','碳纤维','特钢制品','电子','医疗器械','环保科技'])[1 + (n / 210) % 10]
  || '有限公司（' || n || '）',
  'Changzhou SME ' || n || ' Co., Ltd.', 'sme', 'sme_verified',
  (select id from public.districts order by sort_order, code offset n % 7 limit 1)
from generate_series(1, 3000) n;
create table bench.smes as select id, (row_number() over (order by id) - 1)::int as n from public.organisations
  where kind = 'sme' and id not in (select id from bench.seeded);
create index on bench.smes (n);
`],
  ["labs and instruments", `
insert into public.labs (organisation_id, name_zh, name_en, description_zh, district_id, address_zh, address_en,
  contact_name, contact_phone, accreditations, status, approved_at, created_at)
select o.id,
  (array['分析测试中心','材料表征实验室','检验检测中心','可靠性试验室','新能源测试平台','计量校准实验室','理化检测实验室','先进制造公共技术平台'])[1 + g.k % 8] || '（' || g.k || '）',
  (array['Analysis and Testing Centre','Materials Characterisation Lab','Inspection and Testing Centre','Reliability Test Lab','New-Energy Test Platform','Metrology and Calibration Lab','Physical and Chemical Testing Lab','Advanced Manufacturing Technology Platform'])[1 + g.k % 8] || ' (' || g.k || ')',
  '面向全市中小企业开放共享。', o.district_id, '常州市' || g.k || '号', 'No. ' || g.k || ', Changzhou',
  '实验室联系人', '0519-8' || lpad(g.k::text, 7, '0'),
  case g.k % 4 when 0 then array['CMA', 'CNAS'] when 1 then array['CMA'] when 2 then array[]::text[] else array['CNAS'] end,
  'approved', now() - interval '3 years', now() - interval '3 years'
from generate_series(0, 199) g(k)
join bench.lab_orgs lo on lo.n = g.k % 120
join public.organisations o on o.id = lo.id;
create table bench.labs as select id, organisation_id, (row_number() over (order by id) - 1)::int as n from public.labs
  where id not in (select id from bench.seeded);

-- 50 instruments per lab, types spread by a hash of the number; 5 % added during the two years.
insert into public.instruments (lab_id, category_id, name_zh, name_en, model, manufacturer, original_value_cny,
  specs_zh, specs_en, services_zh, services_en, hourly_rate_cny, sme_rate_cny, status, service_modes,
  requires_approval, slot_minutes, min_booking_minutes, max_booking_minutes, lead_time_hours, created_at)
select l.id, c.id, t.zh, t.en,
  t.models[1 + (g.k / 7) % cardinality(t.models)], t.makers[1 + (g.k / 7) % cardinality(t.makers)],
  t.rate * (2000 + (g.k * 37) % 3000),
  t.spec_zh, t.spec_en, '委托测试与自主上机', 'Sample testing and self-operation',
  t.rate, round(t.rate * 0.8), case when g.k % 97 = 0 then 'maintenance' else 'active' end::public.instrument_status,
  case when g.k % 3 = 0 then array['self_operation','sample_submission'] else array['sample_submission'] end::public.service_mode[],
  g.k % 4 <> 0, 60, 60, case when t.hours = 3 then 2880 else 480 end, 24,
  case when g.k % 20 = 0 then now() - ((g.k % 700) || ' days')::interval else now() - interval '3 years' end
from generate_series(0, 9999) g(k)
join bench.labs l on l.n = g.k % 200
join bench.types t on t.n = (g.k * 7 + g.k / 200) % (select count(*) from bench.types)
join public.instrument_categories c on c.code = t.category;
create table bench.instruments as
select i.id, i.lab_id, l.organisation_id as lab_org, t.hours, t.chains, i.hourly_rate_cny, i.sme_rate_cny,
  i.service_modes[1] as mode, i.created_at, (row_number() over (order by i.id) - 1)::int as n
from public.instruments i join bench.labs l on l.id = i.lab_id join bench.types t on t.zh = i.name_zh
where i.id not in (select id from bench.seeded);

insert into public.instrument_chains (instrument_id, chain_id)
select i.id, ch.id from bench.instruments i
cross join lateral unnest(i.chains[1:1 + i.n % 2]) as u(code)
join public.industrial_chains ch on ch.code = u.code;
`],
  ["opening hours and exceptions", `
insert into public.availability_rules (instrument_id, weekday, start_time, end_time)
select i.id, w, r.s, r.e from bench.instruments i
cross join generate_series(1, 7) w
cross join lateral (values ('08:30'::time, '17:30'::time, 0, 5), ('08:30', '12:00', 1, 5), ('13:30', '17:30', 1, 5),
  ('08:00', '20:00', 2, 6), ('00:00', '24:00', 3, 7)) r(s, e, pattern, days)
where r.pattern = case when i.hours = 0 and i.n % 5 = 0 then 1 else i.hours end and w <= r.days;

-- Public holidays (Spring Festival, National Day) for a third of the instruments; two maintenance
-- days a year for each; Saturday extra openings for one in ten.
insert into public.availability_exceptions (instrument_id, kind, during, note_zh, note_en)
select i.id, 'closure', tstzrange(h.d::timestamp at time zone 'Asia/Shanghai', (h.d + h.days)::timestamp at time zone 'Asia/Shanghai'),
  h.zh, h.en
from bench.instruments i
cross join (values ('2025-01-28'::date, 8, '春节', 'Spring Festival'), ('2026-02-15', 9, '春节', 'Spring Festival'),
  ('2025-10-01', 8, '国庆节', 'National Day'), ('2026-10-01', 7, '国庆节', 'National Day')) h(d, days, zh, en)
where i.n % 3 = 0;
insert into public.availability_exceptions (instrument_id, kind, during, note_zh, note_en)
select i.id, 'maintenance',
  tstzrange((d + '08:30'::time) at time zone 'Asia/Shanghai', (d + '17:30'::time) at time zone 'Asia/Shanghai'),
  '年度维护保养', 'Annual maintenance'
from bench.instruments i
cross join generate_series(0, 3) k
cross join lateral (select (date_trunc('week', now() - interval '730 days')::date + (k * 182 + (i.n * 13) % 170) / 7 * 7 + 2) as d) x;
insert into public.availability_exceptions (instrument_id, kind, during, note_zh, note_en)
select i.id, 'extra_opening',
  tstzrange((d + '09:00'::time) at time zone 'Asia/Shanghai', (d + '12:00'::time) at time zone 'Asia/Shanghai'),
  '周六加开', 'Extra Saturday opening'
from bench.instruments i
cross join generate_series(0, 5) k
cross join lateral (select (date_trunc('week', now() - interval '700 days')::date + (k * 17 + i.n % 11) * 7 + 5) as d) x
where i.n % 10 = 0 and i.hours in (0, 1);
`],
  [`${BOOKINGS.toLocaleString("en")} bookings`, `
-- Candidate slots: per instrument and week, three days (Mon/Tue, Wed/Thu, Fri); within a day a
-- morning or afternoon block inside opening hours, or for round-the-clock instruments a run of
-- 2–36 hours from Mon/Wed/Fri. Slots never overlap. Busy instruments take more of them.
-- (random() in the select list of a subquery: one draw per slot, not one per instrument.)
create table bench.slots as
select c.instrument_id, c.lab_org, c.hours, c.hourly_rate_cny, c.sme_rate_cny, c.mode, c.w, c.s
from (
  select i.id as instrument_id, i.lab_org, i.hours, i.hourly_rate_cny, i.sme_rate_cny, i.mode, i.created_at, i.n, w, s,
    random() as r
  from bench.instruments i
  cross join generate_series(0, 104) w
  cross join generate_series(0, 2) s
) c
where c.r < 0.06 + 0.6 * ((c.n * 7919) % 1000) / 1000.0
  and date_trunc('week', now() - interval '730 days')::date + c.w * 7 >= c.created_at;

create table bench.picked as
select * from bench.slots order by random() limit ${BOOKINGS};

create table bench.bookings as
select p.*, x.*, y.*
from bench.picked p
cross join lateral (
  select date_trunc('week', now() - interval '730 days')::date + p.w * 7 + p.s * 2
    + case when p.hours = 3 or p.s = 2 then 0 else floor(random() * 2)::int end as day,
    1 + floor(random() * 3)::int as dur_h,
    random() as r_block, random() as r_start, random() as r_status, random() as r_org, random() as r_pick,
    random() as r_user, random() as r_actual
  offset 0
) x
cross join lateral (
  select case when p.hours = 3 then x.day + time '09:00' + make_interval(hours => floor(x.r_start * 10)::int)
              when x.r_block < 0.5 then x.day + time '08:30' + make_interval(hours => floor(x.r_start * (4 - x.dur_h))::int)
              else x.day + time '13:30' + make_interval(hours => floor(x.r_start * (5 - x.dur_h))::int) end as local_start,
    case when p.hours = 3 then 2 + floor(x.r_block * 35)::int else x.dur_h end as hours_long
  offset 0
) y;

insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose,
  rate_cny, estimated_cost_cny, actual_minutes, decided_at, completed_at, created_at, updated_at)
select b.instrument_id,
  (select u.id from bench.users u where u.n = floor(b.r_user * 2000)::int),
  case when b.r_org < 0.10 then b.lab_org
       when b.r_org < 0.30 then (select o.id from bench.lab_orgs o where o.n = floor(b.r_pick * 120)::int)
       else (select o.id from bench.smes o where o.n = floor(b.r_pick * 3000)::int) end,
  tstzrange(b.local_start at time zone 'Asia/Shanghai', (b.local_start + make_interval(hours => b.hours_long)) at time zone 'Asia/Shanghai'),
  st.status, b.mode,
  (array['材料成分分析','失效分析','产品出厂检验','研发样品表征','来料检验','认证送检'])[1 + floor(b.r_pick * 6)::int],
  case when b.r_org >= 0.30 then b.sme_rate_cny else b.hourly_rate_cny end,
  b.hours_long * case when b.r_org >= 0.30 then b.sme_rate_cny else b.hourly_rate_cny end,
  case when st.status = 'completed' then greatest(15, b.hours_long * 60 + (floor(b.r_actual * 7)::int - 3) * 10) end,
  case when st.status <> 'pending' then (b.local_start at time zone 'Asia/Shanghai') - interval '2 days' end,
  case when st.status = 'completed' then (b.local_start at time zone 'Asia/Shanghai') + make_interval(hours => b.hours_long) end,
  (b.local_start at time zone 'Asia/Shanghai') - interval '5 days',
  (b.local_start at time zone 'Asia/Shanghai') - interval '1 day'
from bench.bookings b
cross join lateral (
  select case when b.local_start at time zone 'Asia/Shanghai' < now() then
      case when b.r_status < 0.78 then 'completed' when b.r_status < 0.82 then 'no_show'
           when b.r_status < 0.92 then 'cancelled' when b.r_status < 0.96 then 'rejected' else 'confirmed' end
    else case when b.r_status < 0.3 then 'pending' when b.r_status < 0.9 then 'confirmed' else 'cancelled' end
  end::public.booking_status as status
) st;
`],
];

const bench = await (async () => {
  let stack = await startBenchStack(!ifMissing);
  const db = new pg.Client({ connectionString: benchConfig.dbUrl });
  await db.connect();
  const { rows } = await db.query<{ n: string }>("select count(*) as n from public.bookings");
  if (ifMissing && Number(rows[0].n) >= BOOKINGS) {
    console.log(`bench data present: ${rows[0].n} bookings in ${path.relative(ROOT_DIR, benchConfig.dataDir)}`);
    await db.end();
    await stack.stop();
    return null;
  }
  if (Number(rows[0].n) > 0) {
    await db.end();
    await stack.stop();
    stack = await startBenchStack(true);
    const fresh = new pg.Client({ connectionString: benchConfig.dbUrl });
    await fresh.connect();
    return { stack, db: fresh };
  }
  return { stack, db };
})();

if (bench) {
  const { stack, db } = bench;
  const started = performance.now();
  try {
    const step = async (name: string, sql: string) => {
      const t = performance.now();
      await db.query(sql);
      console.log(`${name.padEnd(32)} ${((performance.now() - t) / 1000).toFixed(1)} s`);
    };
    // Bulk load: no per-row triggers (the rollups are rebuilt at the end), more memory for sorts.
    await db.query("set session_replication_role = replica; set work_mem = '256MB'; set maintenance_work_mem = '1GB'");
    await step(
      "reference data",
      `create schema bench;
      -- rows from supabase/seed.sql stay as they are; the generator works only on its own rows
      create table bench.seeded as select id from public.organisations union all select id from public.labs
        union all select id from public.instruments;
      ${referenceSql()}`,
    );
    for (const [name, sql] of STEPS) await step(name, sql);
    await db.query("drop schema bench cascade; set session_replication_role = origin");
    await step("rebuild rollups", "select public.rebuild_instrument_day_stats()");
    await step("vacuum analyze", "vacuum analyze");

    const admin = benchClient(benchConfig.serviceRoleKey);
    const created = await admin.auth.admin.createUser({ ...BENCH_BUREAU, email_confirm: true });
    if (created.error || !created.data.user) throw created.error ?? new Error("no bureau user");
    await db.query("insert into public.bureau_staff (user_id, role) values ($1, 'analyst')", [created.data.user.id]);

    const counts = await db.query(`select
      (select count(*) from public.labs) labs, (select count(*) from public.instruments) instruments,
      (select count(*) from public.organisations) organisations, (select count(*) from public.availability_rules) rules,
      (select count(*) from public.availability_exceptions) exceptions, (select count(*) from public.bookings) bookings,
      (select count(*) from public.instrument_day_stats) day_stats, (select count(*) from public.instrument_day_orgs) day_orgs,
      (select count(*) from public.instrument_day_exceptions) day_exceptions,
      (select min(lower(during))::date || ' … ' || max(lower(during))::date from public.bookings) span,
      pg_size_pretty(pg_database_size(current_database())) db_size`);
    console.log(counts.rows[0]);
    console.log(`bench data generated in ${((performance.now() - started) / 1000).toFixed(1)} s (${path.relative(ROOT_DIR, benchConfig.dataDir)})`);
  } finally {
    await db.end();
    await stack.stop();
  }
}
