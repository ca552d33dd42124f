-- =================================================================================================
-- DEMO DATA 演示数据 — a believable Changzhou (常州) instrument-sharing network for local development
-- and demos. Every organisation, lab, person, phone number, credit code and booking here is
-- invented; names of real instrument models and manufacturers are used only to look realistic.
-- Do not load into a production project.
--
-- Applied by `supabase db push --include-seed` as the postgres superuser on a fresh database (the
-- local stack does this on `npm run stack -- --reset`); it also works on hosted Supabase.
-- Demo password for every account: demo-password-2026 (see README.md, "Demo accounts").
--
-- Fixed uuids (readable, referenced across statements):
--   00000000-0000-4000-8000-0000000001xx  demo users          …02xx districts
--   …03xx industrial chains   …04xx instrument categories   …05xx organisations   …06xx labs
--   …07xx lab applications    …1xxx instruments          00000000-0000-4000-8001-xxxxxxxxxxxx bookings (generated)
-- Bookings and exceptions are relative to the seed time (Asia/Shanghai days), so the demo always
-- has six months of history and four weeks of upcoming bookings.
-- =================================================================================================

-- Demo users, inserted the way Supabase Auth stores e-mail users (bcrypt via pgcrypto, empty
-- strings rather than NULL in token columns, an `email` identity). The profile trigger creates
-- each profile from the metadata (display_name, locale). One bcrypt hash serves every account
-- (they share the password), which keeps the seed fast.
with password as (
  select extensions.crypt('demo-password-2026', extensions.gen_salt('bf', 10)) as hash
),
demo(id, email, display_name, locale) as (
  values
    -- SME engineers
    ('00000000-0000-4000-8000-000000000101'::uuid, 'engineer@demo.cz-instruments.cn', '王工（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000102'::uuid, 'engineer.en@demo.cz-instruments.cn', 'Demo Engineer', 'en'),
    ('00000000-0000-4000-8000-000000000103'::uuid, 'engineer.robot@demo.cz-instruments.cn', '陈工（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000104'::uuid, 'engineer.pv@demo.cz-instruments.cn', '刘工（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000105'::uuid, 'engineer.battery@demo.cz-instruments.cn', '赵工（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000106'::uuid, 'engineer.med@demo.cz-instruments.cn', '孙工（演示）', 'zh-CN'),
    -- Lab managers (one per approved lab) and technicians
    ('00000000-0000-4000-8000-000000000111'::uuid, 'manager.sem@demo.cz-instruments.cn', '张敏主任（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000112'::uuid, 'manager.mech@demo.cz-instruments.cn', '周建国（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000113'::uuid, 'manager.reliability@demo.cz-instruments.cn', '吴海燕（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000114'::uuid, 'manager.metrology@demo.cz-instruments.cn', '郑伟（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000115'::uuid, 'manager.battery@demo.cz-instruments.cn', '钱磊（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000116'::uuid, 'manager.carbon@demo.cz-instruments.cn', '冯晓东（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000117'::uuid, 'manager.steel@demo.cz-instruments.cn', '蒋立新（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000118'::uuid, 'manager.chem@demo.cz-instruments.cn', 'Dr. Lin Chen (demo)', 'en'),
    ('00000000-0000-4000-8000-000000000119'::uuid, 'manager.electronics@demo.cz-instruments.cn', '许文博（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000121'::uuid, 'tech.sem@demo.cz-instruments.cn', '李娜（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000125'::uuid, 'tech.battery@demo.cz-instruments.cn', '黄凯（演示）', 'zh-CN'),
    -- A member of the rail-transit company who has applied to open a lab (awaiting the bureau)
    ('00000000-0000-4000-8000-000000000141'::uuid, 'applicant.rail@demo.cz-instruments.cn', '沈工（演示）', 'zh-CN'),
    -- Industry bureau
    ('00000000-0000-4000-8000-000000000131'::uuid, 'analyst@demo.cz-instruments.cn', '常州工信局分析员（演示）', 'zh-CN'),
    ('00000000-0000-4000-8000-000000000132'::uuid, 'admin@demo.cz-instruments.cn', '常州工信局管理员（演示）', 'zh-CN')
)
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
select
  '00000000-0000-0000-0000-000000000000', id, 'authenticated', 'authenticated', email,
  password.hash, now(),
  '', '', '', '',
  '{"provider": "email", "providers": ["email"]}'::jsonb,
  jsonb_build_object('display_name', display_name, 'locale', locale),
  now(), now()
from demo cross join password
on conflict (id) do nothing;

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id,
  jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
  'email', now(), now(), now()
from auth.users u
where u.email like '%@demo.cz-instruments.cn'
on conflict (provider_id, provider) do nothing;

-- Districts of Changzhou -------------------------------------------------------------------------
insert into public.districts (id, code, name_zh, name_en, sort_order) values
  ('00000000-0000-4000-8000-000000000201', 'tianning', '天宁区', 'Tianning District', 1),
  ('00000000-0000-4000-8000-000000000202', 'zhonglou', '钟楼区', 'Zhonglou District', 2),
  ('00000000-0000-4000-8000-000000000203', 'xinbei', '新北区', 'Xinbei District', 3),
  ('00000000-0000-4000-8000-000000000204', 'wujin', '武进区', 'Wujin District', 4),
  ('00000000-0000-4000-8000-000000000205', 'jintan', '金坛区', 'Jintan District', 5),
  ('00000000-0000-4000-8000-000000000206', 'liyang', '溧阳市', 'Liyang City', 6),
  ('00000000-0000-4000-8000-000000000207', 'economic_development_zone', '常州经济开发区', 'Changzhou Economic Development Zone', 7)
on conflict (id) do nothing;

-- The city's priority industrial chains ----------------------------------------------------------
insert into public.industrial_chains (id, code, name_zh, name_en, sort_order) values
  ('00000000-0000-4000-8000-000000000301', 'special_steel', '特钢', 'Special steel', 1),
  ('00000000-0000-4000-8000-000000000302', 'new_carbon_materials', '新型碳材料（石墨烯、碳纤维）', 'New carbon materials (graphene, carbon fibre)', 2),
  ('00000000-0000-4000-8000-000000000303', 'solar_pv', '光伏', 'Solar photovoltaics', 3),
  ('00000000-0000-4000-8000-000000000304', 'power_batteries', '动力电池', 'Power batteries', 4),
  ('00000000-0000-4000-8000-000000000305', 'rail_transit', '轨道交通', 'Rail transit', 5),
  ('00000000-0000-4000-8000-000000000306', 'nev_parts', '新能源汽车及汽车核心部件', 'New-energy vehicles and core automotive parts', 6),
  ('00000000-0000-4000-8000-000000000307', 'industrial_robots', '工业机器人', 'Industrial robots', 7),
  ('00000000-0000-4000-8000-000000000308', 'cnc_machine_tools', '数控机床', 'CNC machine tools', 8),
  ('00000000-0000-4000-8000-000000000309', 'biomedicine_devices', '生物医药及医疗器械', 'Biomedicine and medical devices', 9),
  ('00000000-0000-4000-8000-000000000310', 'new_power_equipment', '新型电力装备', 'New power equipment', 10),
  ('00000000-0000-4000-8000-000000000311', 'intelligent_equipment', '智能装备', 'Intelligent equipment', 11),
  ('00000000-0000-4000-8000-000000000312', 'new_materials', '新材料', 'New materials', 12)
on conflict (id) do nothing;

-- Instrument categories: two levels (parents first) ----------------------------------------------
insert into public.instrument_categories (id, parent_id, code, name_zh, name_en, sort_order) values
  ('00000000-0000-4000-8000-000000000401', null, 'electron_optics', '电子光学仪器', 'Electron and optical microscopy', 1),
  ('00000000-0000-4000-8000-000000000402', null, 'analytical', '分析仪器', 'Analytical instruments', 2),
  ('00000000-0000-4000-8000-000000000403', null, 'physical_testing', '物性测试仪器', 'Physical property testing', 3),
  ('00000000-0000-4000-8000-000000000404', null, 'environmental_reliability', '环境与可靠性试验设备', 'Environmental and reliability testing', 4),
  ('00000000-0000-4000-8000-000000000405', null, 'electrochemistry_battery', '电化学与电池测试', 'Electrochemistry and battery testing', 5),
  ('00000000-0000-4000-8000-000000000406', null, 'metrology_inspection', '计量与检测仪器', 'Metrology and inspection', 6)
on conflict (id) do nothing;

insert into public.instrument_categories (id, parent_id, code, name_zh, name_en, sort_order) values
  ('00000000-0000-4000-8000-000000000411', '00000000-0000-4000-8000-000000000401', 'sem', '扫描电子显微镜', 'Scanning electron microscopes', 1),
  ('00000000-0000-4000-8000-000000000412', '00000000-0000-4000-8000-000000000401', 'tem', '透射电子显微镜', 'Transmission electron microscopes', 2),
  ('00000000-0000-4000-8000-000000000413', '00000000-0000-4000-8000-000000000401', 'optical_probe_microscopy', '光学与探针显微镜', 'Optical and scanning-probe microscopes', 3),
  ('00000000-0000-4000-8000-000000000421', '00000000-0000-4000-8000-000000000402', 'mass_spectrometry', '质谱仪', 'Mass spectrometers', 1),
  ('00000000-0000-4000-8000-000000000422', '00000000-0000-4000-8000-000000000402', 'chromatography', '色谱仪', 'Chromatographs', 2),
  ('00000000-0000-4000-8000-000000000423', '00000000-0000-4000-8000-000000000402', 'spectroscopy', '光谱仪', 'Spectrometers', 3),
  ('00000000-0000-4000-8000-000000000424', '00000000-0000-4000-8000-000000000402', 'xray', 'X射线仪器', 'X-ray instruments', 4),
  ('00000000-0000-4000-8000-000000000425', '00000000-0000-4000-8000-000000000402', 'magnetic_resonance', '波谱仪（核磁共振）', 'Magnetic resonance (NMR)', 5),
  ('00000000-0000-4000-8000-000000000426', '00000000-0000-4000-8000-000000000402', 'particle_surface', '颗粒与比表面分析', 'Particle size and surface area', 6),
  ('00000000-0000-4000-8000-000000000427', '00000000-0000-4000-8000-000000000402', 'elemental_analysis', '元素分析仪', 'Elemental analysers', 7),
  ('00000000-0000-4000-8000-000000000431', '00000000-0000-4000-8000-000000000403', 'mechanical', '力学性能测试', 'Mechanical testing', 1),
  ('00000000-0000-4000-8000-000000000432', '00000000-0000-4000-8000-000000000403', 'thermal', '热分析', 'Thermal analysis', 2),
  ('00000000-0000-4000-8000-000000000441', '00000000-0000-4000-8000-000000000404', 'climate_chamber', '气候环境试验箱', 'Climatic chambers', 1),
  ('00000000-0000-4000-8000-000000000442', '00000000-0000-4000-8000-000000000404', 'vibration_shock', '振动与冲击试验', 'Vibration and shock', 2),
  ('00000000-0000-4000-8000-000000000443', '00000000-0000-4000-8000-000000000404', 'corrosion_weathering', '盐雾与老化试验', 'Salt spray and weathering', 3),
  ('00000000-0000-4000-8000-000000000451', '00000000-0000-4000-8000-000000000405', 'battery_cycler', '电池充放电测试', 'Battery cyclers', 1),
  ('00000000-0000-4000-8000-000000000452', '00000000-0000-4000-8000-000000000405', 'electrochemical_workstation', '电化学工作站', 'Electrochemical workstations', 2),
  ('00000000-0000-4000-8000-000000000453', '00000000-0000-4000-8000-000000000405', 'battery_safety', '电池安全与热失控', 'Battery safety and thermal runaway', 3),
  ('00000000-0000-4000-8000-000000000461', '00000000-0000-4000-8000-000000000406', 'cmm', '三坐标与几何量测量', 'Coordinate and dimensional metrology', 1),
  ('00000000-0000-4000-8000-000000000462', '00000000-0000-4000-8000-000000000406', 'surface_metrology', '表面形貌与粗糙度', 'Surface metrology', 2),
  ('00000000-0000-4000-8000-000000000463', '00000000-0000-4000-8000-000000000406', 'electronic_test', '电子测量仪器', 'Electronic test and measurement', 3),
  ('00000000-0000-4000-8000-000000000464', '00000000-0000-4000-8000-000000000406', 'ndt', '无损检测', 'Non-destructive testing', 4)
on conflict (id) do nothing;
-- Other words people search with for each kind of instrument (the catalogue search matches them).
update public.instrument_categories c
set aliases = v.aliases
from (values
  ('electron_optics', array['显微镜', 'microscope', '电镜']),
  ('sem', array['SEM', '扫描电镜', 'FE-SEM', '场发射电镜', 'EDS', '能谱']),
  ('tem', array['TEM', '透射电镜', 'HRTEM', 'STEM']),
  ('optical_probe_microscopy', array['光学显微镜', '金相显微镜', '共聚焦', 'AFM', '原子力显微镜', '探针']),
  ('mass_spectrometry', array['MS', '质谱', 'ICP-MS', 'LC-MS', 'GC-MS']),
  ('chromatography', array['HPLC', 'GC', '液相色谱', '气相色谱', '离子色谱']),
  ('spectroscopy', array['FTIR', '红外光谱', '拉曼', 'Raman', 'UV-Vis', '紫外可见', 'XPS', '荧光光谱']),
  ('xray', array['XRD', 'X射线衍射', 'XRF', 'X射线荧光', 'X-ray', '衍射仪', 'CT']),
  ('magnetic_resonance', array['NMR', '核磁', '核磁共振']),
  ('particle_surface', array['BET', '比表面', '粒度', '激光粒度', '孔径']),
  ('elemental_analysis', array['ICP-OES', 'ICP', '碳硫', '元素分析', '成分分析']),
  ('mechanical', array['拉力', '拉力机', '拉伸', '压缩', '弯曲', '万能试验机', '材料试验机', '硬度', '冲击', '疲劳', 'tensile', 'hardness', 'UTM']),
  ('thermal', array['TGA', 'DSC', '热重', '差示扫描量热', '导热', '热膨胀']),
  ('climate_chamber', array['高低温', '湿热', '恒温恒湿', '温湿度箱', '环境箱', '温度冲击']),
  ('vibration_shock', array['振动台', '冲击台', '跌落', '振动试验']),
  ('corrosion_weathering', array['盐雾', '盐雾箱', '老化', '氙灯', '紫外老化', '腐蚀']),
  ('battery_cycler', array['充放电', '电池测试', '循环寿命', '电池检测', 'battery tester']),
  ('electrochemical_workstation', array['电化学', '阻抗', 'EIS', '循环伏安', 'potentiostat']),
  ('battery_safety', array['热失控', '针刺', '挤压', 'ARC', '绝热量热', '电池安全']),
  ('cmm', array['三坐标', 'CMM', '影像测量', '尺寸测量', '几何量']),
  ('surface_metrology', array['粗糙度', '轮廓仪', '白光干涉', '表面形貌']),
  ('electronic_test', array['示波器', '频谱仪', '网络分析仪', 'EMC', '电磁兼容', '信号源']),
  ('ndt', array['无损', '超声探伤', '探伤', '工业CT', '射线检测', 'NDT'])
) as v (code, aliases)
where c.code = v.code;

-- Organisations (演示数据): credit codes are well-formed GB 32100 codes with valid check
-- characters, but invented. ------------------------------------------------------------------------
insert into public.organisations (id, name_zh, name_en, kind, uscc, district_id) values
  -- universities
  ('00000000-0000-4000-8000-000000000501', '常州大学（演示）', 'Changzhou University (demo)', 'university', '1232041246600031X1', '00000000-0000-4000-8000-000000000204'),
  ('00000000-0000-4000-8000-000000000502', '河海大学常州校区（演示）', 'Hohai University, Changzhou Campus (demo)', 'university', '12320411466001523M', '00000000-0000-4000-8000-000000000203'),
  ('00000000-0000-4000-8000-000000000503', '常州工学院（演示）', 'Changzhou Institute of Technology (demo)', 'university', '12320404466012732R', '00000000-0000-4000-8000-000000000202'),
  -- institutes
  ('00000000-0000-4000-8000-000000000504', '中国科学院常州先进材料研究所（演示）', 'CAS Changzhou Institute of Advanced Materials (demo)', 'institute', '12320411MB1583404N', '00000000-0000-4000-8000-000000000203'),
  ('00000000-0000-4000-8000-000000000505', '江苏省产业技术研究院常州碳材料研究所（演示）', 'JITRI Changzhou Institute of Carbon Materials (demo)', 'institute', '52320413MJ5776122L', '00000000-0000-4000-8000-000000000205'),
  ('00000000-0000-4000-8000-000000000508', '溧阳动力电池创新研究院（演示）', 'Liyang Power Battery Innovation Institute (demo)', 'institute', '52320481MJ5802255M', '00000000-0000-4000-8000-000000000206'),
  -- testing centres
  ('00000000-0000-4000-8000-000000000506', '常州市产品质量监督检验中心（演示）', 'Changzhou Product Quality Supervision and Inspection Centre (demo)', 'testing_centre', '1232040246602248XC', '00000000-0000-4000-8000-000000000201'),
  ('00000000-0000-4000-8000-000000000507', '常州市计量测试技术研究院（演示）', 'Changzhou Institute of Metrology and Testing Technology (demo)', 'testing_centre', '12320404466031394P', '00000000-0000-4000-8000-000000000202'),
  -- large enterprises
  ('00000000-0000-4000-8000-000000000509', '常州龙城特钢集团有限公司（演示）', 'Changzhou Longcheng Special Steel Group Co., Ltd. (demo)', 'enterprise', '913204912508113408', '00000000-0000-4000-8000-000000000207'),
  ('00000000-0000-4000-8000-000000000510', '江苏金坛新能源汽车部件有限公司（演示）', 'Jiangsu Jintan NEV Components Co., Ltd. (demo)', 'enterprise', '91320413MA1N6Q2KX6', '00000000-0000-4000-8000-000000000205'),
  ('00000000-0000-4000-8000-000000000511', '常州轨道交通装备有限公司（演示）', 'Changzhou Rail Transit Equipment Co., Ltd. (demo)', 'enterprise', '91320491MA1MYT0DX9', '00000000-0000-4000-8000-000000000207'),
  -- SMEs
  ('00000000-0000-4000-8000-000000000521', '常州烯材新材料科技有限公司（演示）', 'Changzhou Xicai Graphene Materials Co., Ltd. (demo)', 'sme', '91320412MA1WTP4G09', '00000000-0000-4000-8000-000000000204'),
  ('00000000-0000-4000-8000-000000000522', '常州智驱机器人有限公司（演示）', 'Changzhou Zhiqu Robotics Co., Ltd. (demo)', 'sme', '91320411MA1Q8LC34U', '00000000-0000-4000-8000-000000000203'),
  ('00000000-0000-4000-8000-000000000523', '常州晶辉光伏材料有限公司（演示）', 'Changzhou Jinghui PV Materials Co., Ltd. (demo)', 'sme', '91320402MA1X7RB517', '00000000-0000-4000-8000-000000000201'),
  ('00000000-0000-4000-8000-000000000524', '溧阳锂源电池材料有限公司（演示）', 'Liyang Liyuan Battery Materials Co., Ltd. (demo)', 'sme', '91320481MA1R3E9U04', '00000000-0000-4000-8000-000000000206'),
  ('00000000-0000-4000-8000-000000000525', '常州精锐数控机床有限公司（演示）', 'Changzhou Jingrui CNC Machine Tools Co., Ltd. (demo)', 'sme', '91320404MA1T2K6H80', '00000000-0000-4000-8000-000000000202'),
  ('00000000-0000-4000-8000-000000000526', '常州康瑞医疗器械有限公司（演示）', 'Changzhou Kangrui Medical Devices Co., Ltd. (demo)', 'sme', '91320411MA20B7DW4W', '00000000-0000-4000-8000-000000000203'),
  ('00000000-0000-4000-8000-000000000527', '常州碳纤复材科技有限公司（演示）', 'Changzhou Carbon Fibre Composites Co., Ltd. (demo)', 'sme', '91320413MA1Y4FJ89U', '00000000-0000-4000-8000-000000000205'),
  -- the industry bureau
  ('00000000-0000-4000-8000-000000000530', '常州市工业和信息化局（演示）', 'Changzhou Bureau of Industry and Information Technology (demo)', 'government', '113204000143752091', '00000000-0000-4000-8000-000000000201')
on conflict (id) do nothing;

-- SME status is verified by the bureau (issue 9): the demo SMEs were, by the bureau admin, from
-- their business licences; 常州碳纤复材 still waits, as an example for /bureau/organisations.
update public.organisations
set sme_status = 'sme_verified',
    sme_evidence = '营业执照（演示）/ Business licence (demo)',
    sme_verified_uscc = uscc,
    sme_decided_by = '00000000-0000-4000-8000-000000000132',
    sme_decided_at = now() - interval '90 days'
where kind = 'sme' and id::text like '00000000-0000-4000-8000-0000000005%'
  and id <> '00000000-0000-4000-8000-000000000527' and sme_status = 'sme_pending';
update public.organisations
set address = '常州市（演示地址）', contact_name = '联系人（演示）', contact_phone = '0519-8000 0527'
where id = '00000000-0000-4000-8000-000000000527' and address is null;

-- Who belongs where (first), then each profile's organisation and phone (a trigger checks the
-- membership).
insert into public.organisation_members (organisation_id, user_id, role)
select ('00000000-0000-4000-8000-000000000' || org_suffix)::uuid, ('00000000-0000-4000-8000-000000000' || user_suffix)::uuid,
       role::public.organisation_role
from (values
    ('101', '521', 'owner'),
    ('102', '521', 'member'),
    ('103', '522', 'owner'),
    ('104', '523', 'owner'),
    ('105', '524', 'owner'),
    ('106', '526', 'owner'),
    ('111', '501', 'member'),
    ('121', '501', 'member'),
    ('112', '502', 'member'),
    ('113', '506', 'member'),
    ('114', '507', 'member'),
    ('115', '508', 'member'),
    ('125', '508', 'member'),
    ('116', '505', 'member'),
    ('117', '509', 'member'),
    ('118', '504', 'member'),
    ('119', '503', 'member'),
    ('131', '530', 'member'),
    ('132', '530', 'member'),
    ('141', '511', 'member')
) as m(user_suffix, org_suffix, role)
on conflict do nothing;

update public.profiles p
set organisation_id = om.organisation_id,
    phone = m.phone
from (values
    ('101', '+86 139 1230 0101'), ('102', '+86 139 1230 0102'), ('103', '+86 139 1230 0103'),
    ('104', '+86 139 1230 0104'), ('105', '+86 139 1230 0105'), ('106', '+86 139 1230 0106'),
    ('111', '0519-8633 0111'), ('121', '0519-8633 0121'), ('112', '0519-8519 0112'),
    ('113', '0519-8810 0113'), ('114', '0519-8662 0114'), ('115', '0519-8790 0115'),
    ('125', '0519-8790 0125'), ('116', '0519-8221 0116'), ('117', '0519-8858 0117'),
    ('118', '0519-8502 0118'), ('119', '0519-8517 0119'), ('131', '0519-8568 0131'),
    ('132', '0519-8568 0132'), ('141', '0519-8898 0610')
  ) as m(user_suffix, phone)
join public.organisation_members om on om.user_id = ('00000000-0000-4000-8000-000000000' || m.user_suffix)::uuid
where p.id = om.user_id;

-- The industry bureau (only the bureau can write this table; the seed runs as postgres).
insert into public.bureau_staff (user_id, role) values
  ('00000000-0000-4000-8000-000000000131', 'analyst'),
  ('00000000-0000-4000-8000-000000000132', 'admin')
on conflict (user_id) do nothing;

-- Labs: nine approved labs across every district (a tenth awaits the bureau as an application, below) ----------------
insert into public.labs (
  id, organisation_id, district_id, name_zh, name_en, description_zh, description_en,
  address_zh, address_en, contact_name, contact_phone, contact_email, accreditations,
  status, approved_by, approved_at, created_at
) values
  ('00000000-0000-4000-8000-000000000601', '00000000-0000-4000-8000-000000000501', '00000000-0000-4000-8000-000000000204',
   '常州大学分析测试中心（演示）', 'Changzhou University Analysis and Testing Centre (demo)',
   '演示数据。面向全市开放的材料表征平台，拥有场发射扫描电镜、透射电镜、X射线衍射、XPS、拉曼等设备，提供形貌、成分与结构分析，支持企业自主上机（需培训授权）与送样检测。',
   'Demo data. An open materials-characterisation platform with field-emission SEMs, a TEM, XRD, XPS and Raman. Morphology, composition and structure analysis; trained users may operate the instruments themselves, or send samples.',
   '常州市武进区滆湖中路21号 常州大学科教楼B座1层', 'Building B, 21 Gehu Middle Road, Wujin District, Changzhou', '张敏', '0519-8633 0111', 'atc@demo.cz-instruments.cn',
   array['CMA', 'CNAS'], 'approved', '00000000-0000-4000-8000-000000000132', now() - interval '300 days', now() - interval '320 days'),
  ('00000000-0000-4000-8000-000000000602', '00000000-0000-4000-8000-000000000502', '00000000-0000-4000-8000-000000000203',
   '河海大学常州校区力学与材料测试实验室（演示）', 'Hohai University Changzhou Mechanics and Materials Testing Lab (demo)',
   '演示数据。金属、复合材料与高分子材料的拉伸、压缩、弯曲、疲劳、冲击及热分析测试，服务轨道交通、汽车零部件与新材料企业。',
   'Demo data. Tensile, compression, bending, fatigue, impact and thermal analysis of metals, composites and polymers for rail-transit, automotive-parts and new-materials companies.',
   '常州市新北区晋陵北路200号 河海大学常州校区实验楼', 'Laboratory Building, 200 North Jinling Road, Xinbei District, Changzhou', '周建国', '0519-8519 0112', 'mechlab@demo.cz-instruments.cn',
   array['CMA'], 'approved', '00000000-0000-4000-8000-000000000132', now() - interval '280 days', now() - interval '290 days'),
  ('00000000-0000-4000-8000-000000000603', '00000000-0000-4000-8000-000000000506', '00000000-0000-4000-8000-000000000201',
   '常州市产品质量监督检验中心环境与可靠性实验室（演示）', 'Changzhou Quality Centre Environmental and Reliability Lab (demo)',
   '演示数据。高低温湿热、冷热冲击、振动、机械冲击、盐雾与光老化等环境可靠性试验，可出具CMA/CNAS报告。试验箱按整日或多日预约，全年连续运行。',
   'Demo data. Temperature-humidity, thermal-shock, vibration, mechanical-shock, salt-spray and light-ageing tests with CMA/CNAS reports. Chambers are booked by the day and run around the clock.',
   '常州市天宁区青洋北路88号 检验检测大楼3层', '3F Inspection Building, 88 North Qingyang Road, Tianning District, Changzhou', '吴海燕', '0519-8810 0113', 'reliability@demo.cz-instruments.cn',
   array['CMA', 'CNAS'], 'approved', '00000000-0000-4000-8000-000000000132', now() - interval '350 days', now() - interval '360 days'),
  ('00000000-0000-4000-8000-000000000604', '00000000-0000-4000-8000-000000000507', '00000000-0000-4000-8000-000000000202',
   '常州市计量测试技术研究院精密计量实验室（演示）', 'Changzhou Metrology Institute Precision Measurement Lab (demo)',
   '演示数据。三坐标、激光跟踪、圆度、粗糙度、白光干涉与工业CT等几何量测量，服务数控机床、机器人与汽车零部件企业。',
   'Demo data. Dimensional metrology with CMMs, a laser tracker, roundness, roughness, white-light interferometry and industrial CT for machine-tool, robot and automotive-parts makers.',
   '常州市钟楼区星港路65号 计量大厦2层', '2F Metrology Tower, 65 Xinggang Road, Zhonglou District, Changzhou', '郑伟', '0519-8662 0114', 'metrology@demo.cz-instruments.cn',
   array['CMA', 'CNAS', 'ISO17025'], 'approved', '00000000-0000-4000-8000-000000000132', now() - interval '330 days', now() - interval '335 days'),
  ('00000000-0000-4000-8000-000000000605', '00000000-0000-4000-8000-000000000508', '00000000-0000-4000-8000-000000000206',
   '溧阳动力电池检测公共服务平台（演示）', 'Liyang Power Battery Testing Service Platform (demo)',
   '演示数据。电芯与模组的循环寿命、倍率、高低温性能、电化学阻抗与热失控测试。充放电设备按整日预约、连续运行。',
   'Demo data. Cycle life, rate capability, high/low-temperature performance, impedance and thermal-runaway tests of cells and modules. Cyclers are booked by the day and run continuously.',
   '溧阳市昆仑街道城北大道588号 创新研究院C栋', 'Building C, 588 Chengbei Avenue, Kunlun Subdistrict, Liyang', '钱磊', '0519-8790 0115', 'battery@demo.cz-instruments.cn',
   array['CMA', 'CNAS'], 'approved', '00000000-0000-4000-8000-000000000132', now() - interval '240 days', now() - interval '250 days'),
  ('00000000-0000-4000-8000-000000000606', '00000000-0000-4000-8000-000000000505', '00000000-0000-4000-8000-000000000205',
   '常州碳材料研究所石墨烯与碳纤维表征实验室（演示）', 'Carbon Materials Institute Graphene and Carbon Fibre Characterisation Lab (demo)',
   '演示数据。石墨烯粉体与薄膜、碳纤维及复合材料的粒度、比表面、拉曼、热重、元素与电学性能表征。',
   'Demo data. Particle size, surface area, Raman, thermogravimetry, elemental and electrical characterisation of graphene powders and films, carbon fibres and composites.',
   '常州市金坛区华城路1688号 科创中心5号楼', 'Building 5, Innovation Centre, 1688 Huacheng Road, Jintan District, Changzhou', '冯晓东', '0519-8221 0116', 'carbon@demo.cz-instruments.cn',
   array['CMA'], 'approved', '00000000-0000-4000-8000-000000000132', now() - interval '200 days', now() - interval '210 days'),
  ('00000000-0000-4000-8000-000000000607', '00000000-0000-4000-8000-000000000509', '00000000-0000-4000-8000-000000000207',
   '龙城特钢中心实验室（演示）', 'Longcheng Special Steel Central Laboratory (demo)',
   '演示数据。企业国家认可实验室对外开放：直读光谱、碳硫/氧氮氢分析、金相、力学性能与超声探伤，服务特钢与轨道交通产业链中小企业。',
   'Demo data. A company laboratory opened to the network: spark OES, C/S and O/N/H analysis, metallography, mechanical testing and ultrasonic inspection for SMEs in the special-steel and rail-transit chains.',
   '常州经济开发区潞城街道东方东路98号 中心实验室', 'Central Laboratory, 98 East Dongfang Road, Lucheng, Changzhou Economic Development Zone', '蒋立新', '0519-8858 0117', 'lab@demo.cz-instruments.cn',
   array['CNAS'], 'approved', '00000000-0000-4000-8000-000000000132', now() - interval '260 days', now() - interval '270 days'),
  ('00000000-0000-4000-8000-000000000608', '00000000-0000-4000-8000-000000000504', '00000000-0000-4000-8000-000000000203',
   '先进材料研究所分析测试平台（演示）', 'Institute of Advanced Materials Analysis Platform (demo)',
   '演示数据。ICP-MS、ICP-OES、核磁共振、液质联用、气质联用与单晶衍射，服务生物医药、医疗器械与新材料企业的成分和结构分析。',
   'Demo data. ICP-MS, ICP-OES, NMR, LC-MS/MS, GC-MS and single-crystal diffraction for composition and structure analysis in biomedicine, medical devices and new materials.',
   '常州市新北区汉江路396号 先进材料所分析楼', 'Analysis Building, 396 Hanjiang Road, Xinbei District, Changzhou', 'Dr. Lin Chen', '0519-8502 0118', 'analysis@demo.cz-instruments.cn',
   array['CMA', 'CNAS'], 'approved', '00000000-0000-4000-8000-000000000132', now() - interval '310 days', now() - interval '315 days'),
  ('00000000-0000-4000-8000-000000000609', '00000000-0000-4000-8000-000000000503', '00000000-0000-4000-8000-000000000202',
   '常州工学院智能制造电子测试中心（演示）', 'Changzhou Institute of Technology Electronics Test Centre for Smart Manufacturing (demo)',
   '演示数据。矢量网络分析、频谱分析、示波器、功率分析与电源分析，服务工业机器人、智能装备与电力装备企业的研发调试。',
   'Demo data. Vector network analysis, spectrum analysis, oscilloscopes, power and source analysis for R&D and debugging at robot, smart-equipment and power-equipment companies.',
   '常州市钟楼区巫家路80号 常州工学院电气楼', 'Electrical Building, 80 Wujia Road, Zhonglou District, Changzhou', '许文博', '0519-8517 0119', 'etc@demo.cz-instruments.cn',
   array[]::text[], 'approved', '00000000-0000-4000-8000-000000000132', now() - interval '150 days', now() - interval '160 days')
on conflict (id) do nothing;

insert into public.lab_members (lab_id, user_id, role) values
  ('00000000-0000-4000-8000-000000000601', '00000000-0000-4000-8000-000000000111', 'manager'),
  ('00000000-0000-4000-8000-000000000601', '00000000-0000-4000-8000-000000000121', 'technician'),
  ('00000000-0000-4000-8000-000000000602', '00000000-0000-4000-8000-000000000112', 'manager'),
  ('00000000-0000-4000-8000-000000000603', '00000000-0000-4000-8000-000000000113', 'manager'),
  ('00000000-0000-4000-8000-000000000604', '00000000-0000-4000-8000-000000000114', 'manager'),
  ('00000000-0000-4000-8000-000000000605', '00000000-0000-4000-8000-000000000115', 'manager'),
  ('00000000-0000-4000-8000-000000000605', '00000000-0000-4000-8000-000000000125', 'technician'),
  ('00000000-0000-4000-8000-000000000606', '00000000-0000-4000-8000-000000000116', 'manager'),
  ('00000000-0000-4000-8000-000000000607', '00000000-0000-4000-8000-000000000117', 'manager'),
  ('00000000-0000-4000-8000-000000000608', '00000000-0000-4000-8000-000000000118', 'manager'),
  ('00000000-0000-4000-8000-000000000609', '00000000-0000-4000-8000-000000000119', 'manager')
on conflict do nothing;

-- An application to open a lab, awaiting a bureau admin (docs/decisions/022): approving it creates
-- the lab with its applicant (applicant.rail@…) as the first manager.
insert into public.lab_applications (
  id, applicant_id, organisation_id, name_zh, name_en, district_id, address_zh, address_en, accreditations,
  description, contact_name, contact_phone, contact_email, created_at
) values
  ('00000000-0000-4000-8000-000000000701', '00000000-0000-4000-8000-000000000141', '00000000-0000-4000-8000-000000000511',
   '常州轨道交通装备材料试验室（演示）', 'Changzhou Rail Transit Equipment Materials Test Lab (demo)',
   '00000000-0000-4000-8000-000000000207', '常州经济开发区五一路258号', '258 Wuyi Road, Changzhou Economic Development Zone',
   'CMA 201910000610（演示）',
   '演示数据。申请加入共享网络：转向架焊缝疲劳与无损检测。',
   '沈工', '0519-8898 0610', 'rail-lab@demo.cz-instruments.cn', now() - interval '3 days')
on conflict (id) do nothing;


-- Instruments (real models and makers, invented ownership): policy per instrument; slot lengths
-- fit the opening hours below (30-minute slots open at :30, 60/120-minute slots on the hour, 240-minute
-- chambers and cyclers around the clock). -----------------------------------------------------------
insert into public.instruments (
  id, lab_id, category_id, name_zh, name_en, model, manufacturer, original_value_cny, hourly_rate_cny, sme_rate_cny,
  service_modes, requires_authorisation, requires_approval, slot_minutes, min_booking_minutes, max_booking_minutes,
  lead_time_hours, cancellation_deadline_hours, status, specs_zh, specs_en, services_zh, services_en,
  sample_requirements_zh, sample_requirements_en
) values
  ('00000000-0000-4000-8000-000000001001', '00000000-0000-4000-8000-000000000601', (select id from public.instrument_categories where code = 'sem'),
   '场发射扫描电子显微镜', 'Field-emission scanning electron microscope', 'Sigma 300', 'ZEISS', 4200000, 500, 380, array['sample_submission','self_operation']::public.service_mode[], true, true,
   30, 60, 240, 24, 24, 'active', '分辨率 1.2 nm @ 15 kV；加速电压 0.02–30 kV；InLens/SE2/BSD 探测器；配 Oxford Ultim Max 65 能谱', 'Resolution 1.2 nm at 15 kV; 0.02–30 kV; InLens, SE2 and BSD detectors; Oxford Ultim Max 65 EDS', '形貌观察、能谱点/线/面分析、截面观察', 'Morphology imaging, EDS point/line/map analysis, cross-sections', '固体干燥样品，尺寸不超过 20 mm × 20 mm × 10 mm；粉末需分散；磁性样品请提前说明。', 'Dry solid samples up to 20 × 20 × 10 mm; powders dispersed; declare magnetic samples in advance.'),
  ('00000000-0000-4000-8000-000000001002', '00000000-0000-4000-8000-000000000601', (select id from public.instrument_categories where code = 'sem'),
   '场发射扫描电镜（低真空）', 'Field-emission SEM with low vacuum', 'Apreo 2 S', 'Thermo Fisher Scientific', 4800000, 550, 420, array['sample_submission']::public.service_mode[], false, true,
   30, 60, 240, 24, 24, 'active', '分辨率 0.9 nm @ 1 kV；低真空模式 10–500 Pa；EBSD 附件', 'Resolution 0.9 nm at 1 kV; low-vacuum mode 10–500 Pa; EBSD attachment', '不导电样品免镀膜观察、EBSD 织构与晶粒分析', 'Uncoated non-conductive samples, EBSD texture and grain analysis', '固体干燥样品，尺寸不超过 20 mm × 20 mm × 10 mm；粉末需分散；磁性样品请提前说明。', 'Dry solid samples up to 20 × 20 × 10 mm; powders dispersed; declare magnetic samples in advance.'),
  ('00000000-0000-4000-8000-000000001003', '00000000-0000-4000-8000-000000000601', (select id from public.instrument_categories where code = 'sem'),
   '台式扫描电镜', 'Tabletop scanning electron microscope', 'TM4000Plus II', 'Hitachi High-Tech', 900000, 200, 150, array['sample_submission','self_operation']::public.service_mode[], false, false,
   30, 30, 120, 2, 4, 'active', '放大倍数 10–100,000×；加速电压 5/10/15/20 kV；背散射与二次电子探测器', 'Magnification 10–100,000×; 5/10/15/20 kV; BSE and SE detectors', '快速形貌观察、教学与来料检验', 'Quick morphology checks, training and incoming inspection', '固体干燥样品，尺寸不超过 20 mm × 20 mm × 10 mm；粉末需分散；磁性样品请提前说明。', 'Dry solid samples up to 20 × 20 × 10 mm; powders dispersed; declare magnetic samples in advance.'),
  ('00000000-0000-4000-8000-000000001004', '00000000-0000-4000-8000-000000000601', (select id from public.instrument_categories where code = 'tem'),
   '场发射透射电子显微镜', 'Field-emission transmission electron microscope', 'Talos F200X G2', 'Thermo Fisher Scientific', 15800000, 1500, 1200, array['sample_submission']::public.service_mode[], false, true,
   60, 120, 480, 48, 48, 'active', '加速电压 200 kV；点分辨率 0.25 nm；STEM 分辨率 0.16 nm；Super-X 四探头能谱', '200 kV; point resolution 0.25 nm; STEM resolution 0.16 nm; Super-X four-detector EDS', 'HRTEM、STEM-HAADF、电子衍射、能谱面分布', 'HRTEM, STEM-HAADF, electron diffraction, EDS mapping', '粉末样品需超声分散于乙醇；块体需自行制备薄片或预约 FIB 制样；不接收磁性强的样品。', 'Powders dispersed in ethanol; bulk samples as thin lamellae (or book FIB preparation); no strongly magnetic samples.'),
  ('00000000-0000-4000-8000-000000001005', '00000000-0000-4000-8000-000000000601', (select id from public.instrument_categories where code = 'xray'),
   'X射线衍射仪', 'X-ray diffractometer', 'D8 ADVANCE', 'Bruker', 1900000, 260, 200, array['sample_submission']::public.service_mode[], false, true,
   30, 30, 240, 24, 24, 'active', 'Cu 靶，3 kW；LYNXEYE XE-T 探测器；2θ 范围 −110°–168°；变温附件 25–1200 °C', 'Cu anode, 3 kW; LYNXEYE XE-T detector; 2θ −110° to 168°; non-ambient stage 25–1200 °C', '物相定性定量、晶粒尺寸、残余应力、Rietveld 精修', 'Phase identification and quantification, crystallite size, residual stress, Rietveld refinement', '粉末 ≥0.5 g（过 300 目）或平整块体 ≤ 50 mm；单晶需 0.1–0.3 mm 完整晶体。', 'Powder ≥ 0.5 g (< 50 μm) or flat solids ≤ 50 mm; single crystals 0.1–0.3 mm.'),
  ('00000000-0000-4000-8000-000000001006', '00000000-0000-4000-8000-000000000601', (select id from public.instrument_categories where code = 'spectroscopy'),
   'X射线光电子能谱仪', 'X-ray photoelectron spectrometer', 'ESCALAB Xi+', 'Thermo Fisher Scientific', 6500000, 800, 600, array['sample_submission']::public.service_mode[], false, true,
   60, 60, 480, 48, 24, 'active', '单色化 Al Kα；能量分辨率 ≤0.45 eV；Ar 团簇离子枪深度剖析；UPS', 'Monochromated Al Kα; energy resolution ≤ 0.45 eV; Ar cluster depth profiling; UPS', '表面元素与化学态分析、深度剖析、功函数', 'Surface composition and chemical states, depth profiles, work function', '固体、粉末或液体均可；请注明预期成分、测试范围及是否需要制样。', 'Solids, powders or liquids; state expected composition, range and any preparation needed.'),
  ('00000000-0000-4000-8000-000000001007', '00000000-0000-4000-8000-000000000601', (select id from public.instrument_categories where code = 'spectroscopy'),
   '激光共聚焦拉曼光谱仪', 'Confocal Raman microscope', 'inVia Qontor', 'Renishaw', 1600000, 300, 220, array['sample_submission','self_operation']::public.service_mode[], true, true,
   30, 60, 240, 24, 24, 'active', '激发波长 532/633/785 nm；光谱分辨率 ≤1 cm⁻¹；LiveTrack 自动聚焦；面扫描成像', '532/633/785 nm lasers; spectral resolution ≤ 1 cm⁻¹; LiveTrack focus tracking; Raman imaging', '石墨烯层数与缺陷、应力、物相鉴别', 'Graphene layers and defects, stress, phase identification', '固体、粉末或液体均可；请注明预期成分、测试范围及是否需要制样。', 'Solids, powders or liquids; state expected composition, range and any preparation needed.'),
  ('00000000-0000-4000-8000-000000001008', '00000000-0000-4000-8000-000000000601', (select id from public.instrument_categories where code = 'sem'),
   '聚焦离子束双束电镜', 'Focused-ion-beam SEM (FIB-SEM)', 'Crossbeam 350', 'ZEISS', 9800000, 1200, 950, array['sample_submission']::public.service_mode[], false, true,
   60, 120, 480, 48, 48, 'maintenance', 'Ga 离子束 1–30 kV，分辨率 3 nm；Gemini 电子镜筒；气体注入系统', 'Ga FIB 1–30 kV, 3 nm resolution; Gemini electron column; gas injection system', 'TEM 薄片制备、截面加工、三维重构', 'TEM lamella preparation, cross-sectioning, 3D tomography', '固体干燥样品，尺寸不超过 20 mm × 20 mm × 10 mm；粉末需分散；磁性样品请提前说明。', 'Dry solid samples up to 20 × 20 × 10 mm; powders dispersed; declare magnetic samples in advance.'),
  ('00000000-0000-4000-8000-000000001009', '00000000-0000-4000-8000-000000000601', (select id from public.instrument_categories where code = 'optical_probe_microscopy'),
   '原子力显微镜', 'Atomic force microscope', 'Dimension Icon', 'Bruker', 2300000, 350, 260, array['sample_submission','self_operation']::public.service_mode[], true, true,
   30, 60, 240, 24, 24, 'active', 'PeakForce Tapping；扫描范围 90 μm × 90 μm；噪声 <30 pm；KPFM、导电 AFM 模式', 'PeakForce Tapping; 90 μm scan range; noise < 30 pm; KPFM and conductive AFM', '表面形貌、粗糙度、纳米力学、表面电势', 'Topography, roughness, nanomechanics, surface potential', '样品表面平整清洁，厚度不超过 15 mm；生物样品需固定并说明生物安全等级。', 'Flat, clean surfaces up to 15 mm thick; biological samples fixed, with biosafety level stated.'),
  ('00000000-0000-4000-8000-000000001010', '00000000-0000-4000-8000-000000000601', (select id from public.instrument_categories where code = 'spectroscopy'),
   '傅里叶变换红外光谱仪', 'FTIR spectrometer', 'Nicolet iS50', 'Thermo Fisher Scientific', 650000, 150, 100, array['sample_submission','self_operation']::public.service_mode[], false, false,
   30, 30, 120, 4, 2, 'active', '光谱范围 15–27,000 cm⁻¹；分辨率 0.09 cm⁻¹；ATR、漫反射、红外显微附件', 'Range 15–27,000 cm⁻¹; resolution 0.09 cm⁻¹; ATR, diffuse reflectance and IR microscope', '有机官能团鉴定、高分子材料鉴别', 'Functional groups, polymer identification', '固体、粉末或液体均可；请注明预期成分、测试范围及是否需要制样。', 'Solids, powders or liquids; state expected composition, range and any preparation needed.'),
  ('00000000-0000-4000-8000-000000001011', '00000000-0000-4000-8000-000000000602', (select id from public.instrument_categories where code = 'mechanical'),
   '电子万能试验机（100 kN）', 'Universal testing machine (100 kN)', 'AGX-V 100kN', 'Shimadzu', 1200000, 220, 160, array['sample_submission','self_operation']::public.service_mode[], true, true,
   60, 60, 480, 24, 24, 'active', '最大载荷 100 kN；精度 ±0.5%；高低温环境箱 −70–350 °C；视频引伸计', 'Max load 100 kN; ±0.5% accuracy; environmental chamber −70 to 350 °C; video extensometer', '拉伸、压缩、弯曲、剥离（GB/T 228.1、ISO 527）', 'Tensile, compression, bending, peel (GB/T 228.1, ISO 527)', '按 GB/T 或 ASTM 标准加工试样，每组 ≥5 件，附图纸。', 'Specimens machined to GB/T or ASTM standards, at least five per set, with drawings.'),
  ('00000000-0000-4000-8000-000000001012', '00000000-0000-4000-8000-000000000602', (select id from public.instrument_categories where code = 'mechanical'),
   '电子万能材料试验机', 'Universal materials testing system', '5982', 'Instron', 1500000, 240, 180, array['sample_submission']::public.service_mode[], false, true,
   60, 60, 480, 24, 24, 'active', '最大载荷 100 kN；Bluehill Universal 软件；复合材料夹具', 'Max load 100 kN; Bluehill Universal; composite fixtures', '复合材料层间剪切、开孔拉伸、压缩（ASTM D3039/D6641）', 'Composite short-beam shear, open-hole tension, compression (ASTM D3039/D6641)', '按 GB/T 或 ASTM 标准加工试样，每组 ≥5 件，附图纸。', 'Specimens machined to GB/T or ASTM standards, at least five per set, with drawings.'),
  ('00000000-0000-4000-8000-000000001013', '00000000-0000-4000-8000-000000000602', (select id from public.instrument_categories where code = 'mechanical'),
   '电液伺服疲劳试验机', 'Servo-hydraulic fatigue testing system', '8801', 'Instron', 1800000, 300, 220, array['sample_submission']::public.service_mode[], false, true,
   240, 480, 4320, 24, 48, 'active', '动态载荷 ±100 kN；频率至 100 Hz；连续运行', 'Dynamic load ±100 kN; up to 100 Hz; runs continuously', '高周/低周疲劳、裂纹扩展、断裂韧性', 'High- and low-cycle fatigue, crack growth, fracture toughness', '按 GB/T 或 ASTM 标准加工试样，每组 ≥5 件，附图纸。', 'Specimens machined to GB/T or ASTM standards, at least five per set, with drawings.'),
  ('00000000-0000-4000-8000-000000001014', '00000000-0000-4000-8000-000000000602', (select id from public.instrument_categories where code = 'mechanical'),
   '摆锤冲击试验机', 'Pendulum impact tester', 'HIT450P', 'ZwickRoell', 600000, 120, 80, array['sample_submission']::public.service_mode[], false, false,
   30, 30, 240, 4, 4, 'active', '冲击能量 450 J；低温槽 −80 °C；夏比/艾氏', 'Impact energy 450 J; cooling to −80 °C; Charpy and Izod', '金属夏比冲击、韧脆转变温度', 'Charpy impact of metals, ductile–brittle transition', '按 GB/T 或 ASTM 标准加工试样，每组 ≥5 件，附图纸。', 'Specimens machined to GB/T or ASTM standards, at least five per set, with drawings.'),
  ('00000000-0000-4000-8000-000000001015', '00000000-0000-4000-8000-000000000602', (select id from public.instrument_categories where code = 'thermal'),
   '动态热机械分析仪', 'Dynamic mechanical analyser', 'DMA 850', 'TA Instruments', 900000, 200, 150, array['sample_submission']::public.service_mode[], false, true,
   60, 120, 480, 24, 24, 'active', '温度 −150–600 °C；频率 0.001–200 Hz；三点弯、拉伸、剪切夹具', '−150 to 600 °C; 0.001–200 Hz; three-point bending, tension and shear clamps', '玻璃化转变、储能/损耗模量、蠕变', 'Glass transition, storage/loss modulus, creep', '粉末或小块 5–20 mg；注明气氛、升温速率与最高温度。', '5–20 mg powder or pieces; state atmosphere, heating rate and maximum temperature.'),
  ('00000000-0000-4000-8000-000000001016', '00000000-0000-4000-8000-000000000602', (select id from public.instrument_categories where code = 'thermal'),
   '同步热分析仪', 'Simultaneous thermal analyser', 'STA 449 F5 Jupiter', 'NETZSCH', 1100000, 200, 150, array['sample_submission']::public.service_mode[], false, true,
   60, 120, 480, 24, 24, 'active', 'TG-DSC 同步；室温–1600 °C；可联用红外', 'Simultaneous TG-DSC; ambient to 1600 °C; FTIR coupling', '热稳定性、分解温度、比热', 'Thermal stability, decomposition, specific heat', '粉末或小块 5–20 mg；注明气氛、升温速率与最高温度。', '5–20 mg powder or pieces; state atmosphere, heating rate and maximum temperature.'),
  ('00000000-0000-4000-8000-000000001017', '00000000-0000-4000-8000-000000000602', (select id from public.instrument_categories where code = 'thermal'),
   '差示扫描量热仪', 'Differential scanning calorimeter', 'DSC 2500', 'TA Instruments', 750000, 160, 120, array['sample_submission']::public.service_mode[], false, true,
   60, 60, 480, 24, 24, 'active', '温度 −180–725 °C；调制 DSC；自动进样 54 位', '−180 to 725 °C; modulated DSC; 54-position autosampler', '熔点、结晶度、玻璃化转变、氧化诱导期', 'Melting, crystallinity, glass transition, oxidation induction time', '粉末或小块 5–20 mg；注明气氛、升温速率与最高温度。', '5–20 mg powder or pieces; state atmosphere, heating rate and maximum temperature.'),
  ('00000000-0000-4000-8000-000000001018', '00000000-0000-4000-8000-000000000602', (select id from public.instrument_categories where code = 'thermal'),
   '激光导热仪', 'Laser flash thermal diffusivity analyser', 'LFA 467 HyperFlash', 'NETZSCH', 1300000, 220, 170, array['sample_submission']::public.service_mode[], false, true,
   60, 120, 480, 24, 24, 'active', '温度 −100–500 °C；导热系数 0.1–4000 W/(m·K)；16 位自动进样', '−100 to 500 °C; 0.1–4000 W/(m·K); 16-sample changer', '热扩散系数、导热系数（ASTM E1461）', 'Thermal diffusivity and conductivity (ASTM E1461)', '粉末或小块 5–20 mg；注明气氛、升温速率与最高温度。', '5–20 mg powder or pieces; state atmosphere, heating rate and maximum temperature.'),
  ('00000000-0000-4000-8000-000000001019', '00000000-0000-4000-8000-000000000602', (select id from public.instrument_categories where code = 'mechanical'),
   '全自动显微硬度计', 'Automatic micro-hardness tester', 'Wilson VH3300', 'Buehler', 480000, 100, 70, array['sample_submission','self_operation']::public.service_mode[], false, false,
   30, 30, 240, 2, 2, 'active', '试验力 10 gf–50 kgf；维氏/努氏；自动硬化层深度', '10 gf to 50 kgf; Vickers and Knoop; automatic case-depth traverses', '显微硬度、渗碳层深度', 'Micro-hardness, case depth', '按 GB/T 或 ASTM 标准加工试样，每组 ≥5 件，附图纸。', 'Specimens machined to GB/T or ASTM standards, at least five per set, with drawings.'),
  ('00000000-0000-4000-8000-000000001020', '00000000-0000-4000-8000-000000000603', (select id from public.instrument_categories where code = 'climate_chamber'),
   '高低温湿热试验箱', 'Temperature and humidity chamber', 'PL-3KPH', 'ESPEC', 420000, 60, 45, array['sample_submission']::public.service_mode[], false, true,
   240, 480, 10080, 24, 24, 'active', '容积 408 L；−40–150 °C；20–98 %RH', '408 L; −40 to 150 °C; 20–98 %RH', '高低温、湿热、温湿度循环（GB/T 2423）', 'Cold, dry heat, damp heat and cycling (GB/T 2423, IEC 60068)', '试品尺寸与重量需在箱体承载范围内；提供试验大纲与通电要求。', 'Items must fit the chamber load limits; provide the test plan and power requirements.'),
  ('00000000-0000-4000-8000-000000001021', '00000000-0000-4000-8000-000000000603', (select id from public.instrument_categories where code = 'climate_chamber'),
   '冷热冲击试验箱', 'Thermal shock chamber', 'TSE-12-A', 'ESPEC', 650000, 80, 60, array['sample_submission']::public.service_mode[], false, true,
   240, 480, 10080, 24, 24, 'active', '两箱式；高温 +60–200 °C，低温 −65–0 °C；转换 <10 s', 'Two-zone; hot +60 to 200 °C, cold −65 to 0 °C; transfer < 10 s', '冷热冲击、焊点可靠性', 'Thermal shock, solder-joint reliability', '试品尺寸与重量需在箱体承载范围内；提供试验大纲与通电要求。', 'Items must fit the chamber load limits; provide the test plan and power requirements.'),
  ('00000000-0000-4000-8000-000000001022', '00000000-0000-4000-8000-000000000603', (select id from public.instrument_categories where code = 'climate_chamber'),
   '恒温恒湿试验箱（1000 L）', 'Climate test chamber (1000 L)', 'ClimeEvent C/1000/70/5', 'Weiss Technik', 700000, 70, 50, array['sample_submission']::public.service_mode[], false, true,
   240, 480, 10080, 24, 24, 'active', '容积 1000 L；−70–180 °C；10–98 %RH；变温速率 5 K/min', '1000 L; −70 to 180 °C; 10–98 %RH; 5 K/min', '整机与部件环境适应性试验', 'Environmental tests of assemblies and components', '试品尺寸与重量需在箱体承载范围内；提供试验大纲与通电要求。', 'Items must fit the chamber load limits; provide the test plan and power requirements.'),
  ('00000000-0000-4000-8000-000000001023', '00000000-0000-4000-8000-000000000603', (select id from public.instrument_categories where code = 'vibration_shock'),
   '电动振动试验系统', 'Electrodynamic vibration test system', 'i250/SA5M', 'IMV', 1600000, 350, 260, array['sample_submission']::public.service_mode[], false, true,
   120, 120, 480, 48, 24, 'active', '正弦推力 50 kN；频率 5–2600 Hz；水平滑台；温振三综合', '50 kN sine force; 5–2600 Hz; slip table; combined temperature-humidity-vibration', '正弦、随机、冲击振动（GB/T 2423.10、IEC 61373）', 'Sine, random and shock (GB/T 2423.10, IEC 61373)', '提供试验条件（量级、方向、时长）与夹具接口图；试品重量不超过 100 kg。', 'Provide test levels, axes, duration and fixture interface drawing; items up to 100 kg.'),
  ('00000000-0000-4000-8000-000000001024', '00000000-0000-4000-8000-000000000603', (select id from public.instrument_categories where code = 'corrosion_weathering'),
   '循环盐雾试验箱', 'Cyclic corrosion tester', 'Q-FOG CRH600', 'Q-Lab', 280000, 40, 30, array['sample_submission']::public.service_mode[], false, true,
   240, 1440, 10080, 24, 24, 'active', '容积 600 L；中性/酸性盐雾、湿润、干燥循环', '600 L; neutral/acetic salt fog, wet and dry cycles', '中性盐雾、CASS、循环腐蚀（GB/T 10125）', 'NSS, CASS, cyclic corrosion (GB/T 10125, ISO 9227)', '平板试样 150 mm × 75 mm 为宜，边缘封护；注明试验周期。', 'Panels of 150 × 75 mm preferred, edges protected; state test duration.'),
  ('00000000-0000-4000-8000-000000001025', '00000000-0000-4000-8000-000000000603', (select id from public.instrument_categories where code = 'corrosion_weathering'),
   '氙灯耐候试验箱', 'Xenon arc weathering tester', 'Q-SUN Xe-3', 'Q-Lab', 520000, 60, 45, array['sample_submission']::public.service_mode[], false, true,
   240, 960, 10080, 24, 24, 'active', '三灯管氙灯；辐照度控制 340 nm/420 nm；喷淋', 'Three xenon lamps; irradiance control at 340/420 nm; water spray', '光老化、色牢度（ISO 4892-2）', 'Light ageing, colour fastness (ISO 4892-2)', '平板试样 150 mm × 75 mm 为宜，边缘封护；注明试验周期。', 'Panels of 150 × 75 mm preferred, edges protected; state test duration.'),
  ('00000000-0000-4000-8000-000000001026', '00000000-0000-4000-8000-000000000603', (select id from public.instrument_categories where code = 'corrosion_weathering'),
   '紫外老化试验箱', 'UV weathering tester', 'UV2000', 'Atlas', 260000, 40, 30, array['sample_submission']::public.service_mode[], false, true,
   240, 1440, 10080, 24, 24, 'active', 'UVA-340/UVB-313 灯管；冷凝与喷淋', 'UVA-340/UVB-313 lamps; condensation and spray', '紫外老化（ASTM G154）', 'UV ageing (ASTM G154)', '平板试样 150 mm × 75 mm 为宜，边缘封护；注明试验周期。', 'Panels of 150 × 75 mm preferred, edges protected; state test duration.'),
  ('00000000-0000-4000-8000-000000001027', '00000000-0000-4000-8000-000000000603', (select id from public.instrument_categories where code = 'vibration_shock'),
   '机械冲击试验台', 'Mechanical shock test system', 'Model 23', 'Lansmont', 900000, 280, 200, array['sample_submission']::public.service_mode[], false, true,
   60, 60, 240, 24, 24, 'active', '半正弦/后峰锯齿波；峰值加速度至 600 g', 'Half-sine and saw-tooth pulses; up to 600 g', '机械冲击、跌落（GB/T 2423.5）', 'Mechanical shock and drop (GB/T 2423.5)', '提供试验条件（量级、方向、时长）与夹具接口图；试品重量不超过 100 kg。', 'Provide test levels, axes, duration and fixture interface drawing; items up to 100 kg.'),
  ('00000000-0000-4000-8000-000000001028', '00000000-0000-4000-8000-000000000603', (select id from public.instrument_categories where code = 'climate_chamber'),
   '高低温试验箱（旧）', 'Temperature chamber (old)', 'PU-3KP', 'ESPEC', 180000, 40, 30, array['sample_submission']::public.service_mode[], false, true,
   240, 480, 10080, 24, 24, 'retired', '容积 408 L；−40–150 °C（2009 年购置，已退役）', '408 L; −40 to 150 °C (bought 2009, retired)', '已退役，请预约 PL-3KPH', 'Retired: please book the PL-3KPH', '试品尺寸与重量需在箱体承载范围内；提供试验大纲与通电要求。', 'Items must fit the chamber load limits; provide the test plan and power requirements.'),
  ('00000000-0000-4000-8000-000000001029', '00000000-0000-4000-8000-000000000604', (select id from public.instrument_categories where code = 'cmm'),
   '桥式三坐标测量机', 'Bridge coordinate measuring machine', 'GLOBAL S 9.15.8', 'Hexagon', 1600000, 300, 220, array['sample_submission']::public.service_mode[], false, true,
   60, 60, 480, 24, 24, 'active', '行程 900×1500×800 mm；MPE_E = 1.5 + L/333 μm；HP-S-X1 扫描测头', 'Travel 900×1500×800 mm; MPE_E 1.5 + L/333 μm; HP-S-X1 scanning probe', '尺寸与形位公差检测、首件检验、逆向', 'Dimensions and GD&T, first-article inspection, reverse engineering', '零件清洁、恒温 4 小时以上；提供图纸与基准说明。', 'Clean parts, temperature-stabilised for 4 h; provide drawings and datum definition.'),
  ('00000000-0000-4000-8000-000000001030', '00000000-0000-4000-8000-000000000604', (select id from public.instrument_categories where code = 'cmm'),
   '高精度三坐标测量机', 'High-accuracy CMM', 'CONTURA 10/16/6', 'ZEISS', 1300000, 280, 200, array['sample_submission']::public.service_mode[], false, true,
   60, 60, 480, 24, 24, 'active', '行程 1000×1600×600 mm；VAST XT gold 扫描测头；CALYPSO', 'Travel 1000×1600×600 mm; VAST XT gold probe; CALYPSO', '齿轮、减速器壳体、机器人关节件测量', 'Gears, reducer housings, robot joint parts', '零件清洁、恒温 4 小时以上；提供图纸与基准说明。', 'Clean parts, temperature-stabilised for 4 h; provide drawings and datum definition.'),
  ('00000000-0000-4000-8000-000000001031', '00000000-0000-4000-8000-000000000604', (select id from public.instrument_categories where code = 'cmm'),
   '圆度圆柱度仪', 'Roundness and cylindricity system', 'Talyrond 565H', 'Taylor Hobson', 1100000, 200, 150, array['sample_submission']::public.service_mode[], false, true,
   60, 60, 240, 24, 24, 'active', '主轴精度 0.02 μm；立柱 500 mm；谐波分析', 'Spindle accuracy 0.02 μm; 500 mm column; harmonic analysis', '圆度、圆柱度、同轴度、跳动', 'Roundness, cylindricity, coaxiality, run-out', '零件清洁、恒温 4 小时以上；提供图纸与基准说明。', 'Clean parts, temperature-stabilised for 4 h; provide drawings and datum definition.'),
  ('00000000-0000-4000-8000-000000001032', '00000000-0000-4000-8000-000000000604', (select id from public.instrument_categories where code = 'surface_metrology'),
   '表面粗糙度轮廓仪', 'Surface roughness and contour tester', 'Formtracer Avant FTA-D4000', 'Mitutoyo', 700000, 160, 120, array['sample_submission','self_operation']::public.service_mode[], true, true,
   30, 30, 240, 24, 24, 'active', '测量范围 100 mm；粗糙度分辨率 0.0008 μm；轮廓与粗糙度一次测量', '100 mm traverse; 0.0008 μm resolution; contour and roughness in one pass', '粗糙度 Ra/Rz、轮廓尺寸', 'Ra/Rz roughness, contour dimensions', '被测表面清洁无油污，尺寸不超过 200 mm × 200 mm。', 'Clean, oil-free surfaces up to 200 × 200 mm.'),
  ('00000000-0000-4000-8000-000000001033', '00000000-0000-4000-8000-000000000604', (select id from public.instrument_categories where code = 'cmm'),
   '激光跟踪仪', 'Laser tracker', 'Absolute Tracker AT960', 'Leica Geosystems (Hexagon)', 1500000, 400, 300, array['sample_submission']::public.service_mode[], false, true,
   120, 240, 480, 48, 48, 'active', '测量半径 20 m；MPE ±(15 μm + 6 μm/m)；6DoF T-Probe', '20 m radius; MPE ±(15 μm + 6 μm/m); 6DoF T-Probe', '大型结构件、工装与机器人精度标定（可上门）', 'Large structures, fixtures, robot accuracy calibration (on site)', '零件清洁、恒温 4 小时以上；提供图纸与基准说明。', 'Clean parts, temperature-stabilised for 4 h; provide drawings and datum definition.'),
  ('00000000-0000-4000-8000-000000001034', '00000000-0000-4000-8000-000000000604', (select id from public.instrument_categories where code = 'ndt'),
   '工业CT', 'Industrial computed tomography', 'v|tome|x m 300', 'Waygate Technologies', 8500000, 900, 700, array['sample_submission']::public.service_mode[], false, true,
   120, 240, 480, 48, 48, 'active', '300 kV 微焦点射线源；体素 <2 μm；dynamic 41 探测器', '300 kV microfocus tube; voxel size < 2 μm; dynamic 41 detector', '铸件气孔、电芯内部结构、装配检查、尺寸测量', 'Casting porosity, cell internal structure, assembly checks, CT metrology', '工件尺寸、材料与检测标准需提前说明；CT 样品不超过 Φ300 mm × 600 mm、50 kg。', 'State size, material and standard in advance; CT items up to Φ300 × 600 mm and 50 kg.'),
  ('00000000-0000-4000-8000-000000001035', '00000000-0000-4000-8000-000000000604', (select id from public.instrument_categories where code = 'surface_metrology'),
   '白光干涉三维表面形貌仪', 'White-light interferometric profiler', 'NewView 9000', 'ZYGO', 1400000, 260, 190, array['sample_submission','self_operation']::public.service_mode[], true, true,
   30, 30, 240, 24, 24, 'active', '垂直分辨率 0.1 nm；视场拼接；台阶高度与粗糙度', 'Vertical resolution 0.1 nm; stitching; step height and roughness', '微结构三维形貌、薄膜台阶、硅片表面', '3D microstructure, film steps, wafer surfaces', '被测表面清洁无油污，尺寸不超过 200 mm × 200 mm。', 'Clean, oil-free surfaces up to 200 × 200 mm.'),
  ('00000000-0000-4000-8000-000000001036', '00000000-0000-4000-8000-000000000604', (select id from public.instrument_categories where code = 'cmm'),
   '图像尺寸测量仪', 'Image dimension measurement system', 'IM-8000', 'KEYENCE', 450000, 120, 90, array['sample_submission','self_operation']::public.service_mode[], false, false,
   30, 30, 120, 0, 2, 'active', '视野 200×200 mm；重复精度 ±0.5 μm；一键测量', '200×200 mm field; ±0.5 μm repeatability; one-button measurement', '小型零件批量尺寸检测', 'Batch dimensional inspection of small parts', '零件清洁、恒温 4 小时以上；提供图纸与基准说明。', 'Clean parts, temperature-stabilised for 4 h; provide drawings and datum definition.'),
  ('00000000-0000-4000-8000-000000001037', '00000000-0000-4000-8000-000000000605', (select id from public.instrument_categories where code = 'battery_cycler'),
   '电池充放电测试系统（128通道）', 'Battery cycler (128 channels)', 'LBT21084', 'Arbin Instruments', 1200000, 80, 60, array['sample_submission']::public.service_mode[], false, true,
   240, 1440, 10080, 24, 24, 'active', '128 通道；5 V/10 A；电流精度 ±0.02% FS；配恒温箱', '128 channels; 5 V/10 A; current accuracy ±0.02% FS; with temperature chambers', '循环寿命、倍率、DCIR、HPPC', 'Cycle life, rate capability, DCIR, HPPC', '电芯需带极耳或夹具接口，注明化学体系、额定容量与电压范围；提供安全说明。', 'Cells with tabs or fixtures; state chemistry, rated capacity and voltage window; provide safety information.'),
  ('00000000-0000-4000-8000-000000001038', '00000000-0000-4000-8000-000000000605', (select id from public.instrument_categories where code = 'battery_cycler'),
   '电池检测系统', 'Battery testing system', 'CT-4008Tn-5V12A', 'NEWARE', 180000, 40, 25, array['sample_submission']::public.service_mode[], false, false,
   240, 480, 10080, 4, 4, 'active', '8 通道；5 V/12 A；记录频率 10 ms', '8 channels; 5 V/12 A; 10 ms logging', '扣式/软包电芯化成与循环', 'Formation and cycling of coin and pouch cells', '电芯需带极耳或夹具接口，注明化学体系、额定容量与电压范围；提供安全说明。', 'Cells with tabs or fixtures; state chemistry, rated capacity and voltage window; provide safety information.'),
  ('00000000-0000-4000-8000-000000001039', '00000000-0000-4000-8000-000000000605', (select id from public.instrument_categories where code = 'battery_cycler'),
   '高精度电池测试系统', 'High-precision battery test system', 'Series 4000', 'Maccor', 1500000, 90, 70, array['sample_submission']::public.service_mode[], false, true,
   240, 1440, 10080, 24, 24, 'active', '96 通道；5 V/5 A；电压精度 ±0.02%', '96 channels; 5 V/5 A; voltage accuracy ±0.02%', '库仑效率、长循环寿命评价', 'Coulombic efficiency, long-term cycling', '电芯需带极耳或夹具接口，注明化学体系、额定容量与电压范围；提供安全说明。', 'Cells with tabs or fixtures; state chemistry, rated capacity and voltage window; provide safety information.'),
  ('00000000-0000-4000-8000-000000001040', '00000000-0000-4000-8000-000000000605', (select id from public.instrument_categories where code = 'electrochemical_workstation'),
   '多通道电化学工作站', 'Multichannel potentiostat', 'VMP-300', 'BioLogic', 600000, 120, 80, array['sample_submission','self_operation']::public.service_mode[], true, true,
   60, 60, 480, 24, 24, 'active', '8 通道；EIS 10 μHz–7 MHz；±10 V', '8 channels; EIS 10 μHz–7 MHz; ±10 V', '循环伏安、交流阻抗、GITT', 'Cyclic voltammetry, impedance, GITT', '提供电极面积、体系说明；手套箱内操作需培训授权。', 'State electrode area and system; glovebox work needs operator authorisation.'),
  ('00000000-0000-4000-8000-000000001041', '00000000-0000-4000-8000-000000000605', (select id from public.instrument_categories where code = 'battery_safety'),
   '加速量热仪', 'Accelerating rate calorimeter', 'EV+ ARC', 'Thermal Hazard Technology', 2800000, 400, 300, array['sample_submission']::public.service_mode[], false, true,
   240, 1440, 4320, 48, 48, 'active', '腔体 Φ250×500 mm；温度至 600 °C；检测灵敏度 0.02 °C/min', 'Φ250×500 mm cavity; up to 600 °C; 0.02 °C/min sensitivity', '电芯热失控、自放热起始温度', 'Cell thermal runaway, onset of self-heating', '电芯 SOC 按试验大纲调整并提供 MSDS；不接收已鼓胀或漏液电芯。', 'Cells at the SOC given in the test plan, with MSDS; no swollen or leaking cells.'),
  ('00000000-0000-4000-8000-000000001042', '00000000-0000-4000-8000-000000000605', (select id from public.instrument_categories where code = 'battery_cycler'),
   '回馈式电池模组测试系统', 'Regenerative battery module tester', '17020', 'Chroma', 1200000, 200, 150, array['sample_submission']::public.service_mode[], false, true,
   120, 120, 480, 24, 24, 'active', '100 V/100 A；能量回馈效率 >90%；工况模拟', '100 V/100 A; > 90% energy recovery; drive-cycle simulation', '模组 DST/FUDS 工况、容量与能量测试', 'Module DST/FUDS profiles, capacity and energy', '电芯需带极耳或夹具接口，注明化学体系、额定容量与电压范围；提供安全说明。', 'Cells with tabs or fixtures; state chemistry, rated capacity and voltage window; provide safety information.'),
  ('00000000-0000-4000-8000-000000001043', '00000000-0000-4000-8000-000000000605', (select id from public.instrument_categories where code = 'climate_chamber'),
   '电池高低温试验箱', 'Benchtop temperature chamber for cells', 'SU-662', 'ESPEC', 120000, 40, 30, array['sample_submission']::public.service_mode[], false, false,
   240, 480, 10080, 4, 4, 'active', '容积 64 L；−60–150 °C；防爆泄压', '64 L; −60 to 150 °C; pressure relief', '电芯高低温性能、储存', 'Cell performance and storage at temperature', '试品尺寸与重量需在箱体承载范围内；提供试验大纲与通电要求。', 'Items must fit the chamber load limits; provide the test plan and power requirements.'),
  ('00000000-0000-4000-8000-000000001044', '00000000-0000-4000-8000-000000000605', (select id from public.instrument_categories where code = 'electrochemical_workstation'),
   '惰性气体手套箱', 'Inert-gas glovebox', 'UNIlab Pro', 'MBRAUN', 450000, 80, 50, array['sample_submission','self_operation']::public.service_mode[], true, true,
   60, 60, 480, 24, 24, 'active', 'H₂O、O₂ <0.1 ppm；双工位；配扣电封口机', 'H₂O and O₂ < 0.1 ppm; two stations; coin-cell crimper', '扣式电池组装、拆解分析', 'Coin-cell assembly and post-mortem', '提供电极面积、体系说明；手套箱内操作需培训授权。', 'State electrode area and system; glovebox work needs operator authorisation.'),
  ('00000000-0000-4000-8000-000000001045', '00000000-0000-4000-8000-000000000606', (select id from public.instrument_categories where code = 'particle_surface'),
   '激光粒度分析仪', 'Laser diffraction particle size analyser', 'Mastersizer 3000', 'Malvern Panalytical', 650000, 150, 100, array['sample_submission']::public.service_mode[], false, false,
   30, 30, 120, 4, 4, 'active', '粒径范围 0.01–3500 μm；湿法 Hydro EV 与干法 Aero S', '0.01–3500 μm; Hydro EV wet and Aero S dry dispersion', '正负极材料、石墨烯粉体粒度分布', 'Particle size of electrode materials and graphene powders', '粉末 ≥2 g，干燥；说明分散介质或脱气温度。', 'At least 2 g dry powder; state dispersant or degassing temperature.'),
  ('00000000-0000-4000-8000-000000001046', '00000000-0000-4000-8000-000000000606', (select id from public.instrument_categories where code = 'particle_surface'),
   '比表面及孔隙度分析仪', 'Surface area and porosity analyser', 'ASAP 2460', 'Micromeritics', 850000, 180, 130, array['sample_submission']::public.service_mode[], false, true,
   240, 480, 2880, 24, 24, 'active', '三站并行；BET 比表面 ≥0.01 m²/g；孔径 0.35–500 nm', 'Three ports; BET ≥ 0.01 m²/g; pores 0.35–500 nm', 'BET 比表面、孔径分布、微孔分析', 'BET surface area, pore size distribution, micropores', '粉末 ≥2 g，干燥；说明分散介质或脱气温度。', 'At least 2 g dry powder; state dispersant or degassing temperature.'),
  ('00000000-0000-4000-8000-000000001047', '00000000-0000-4000-8000-000000000606', (select id from public.instrument_categories where code = 'spectroscopy'),
   '高分辨拉曼光谱仪', 'High-resolution Raman spectrometer', 'LabRAM HR Evolution', 'HORIBA', 1700000, 300, 220, array['sample_submission','self_operation']::public.service_mode[], true, true,
   30, 60, 240, 24, 24, 'active', '焦长 800 mm；532/633 nm；SWIFT 快速成像', '800 mm focal length; 532/633 nm; SWIFT fast imaging', '石墨烯 D/G 峰比、碳纤维结构', 'Graphene D/G ratio, carbon-fibre structure', '固体、粉末或液体均可；请注明预期成分、测试范围及是否需要制样。', 'Solids, powders or liquids; state expected composition, range and any preparation needed.'),
  ('00000000-0000-4000-8000-000000001048', '00000000-0000-4000-8000-000000000606', (select id from public.instrument_categories where code = 'thermal'),
   '热重分析仪', 'Thermogravimetric analyser', 'TGA 5500', 'TA Instruments', 600000, 150, 110, array['sample_submission']::public.service_mode[], false, true,
   60, 120, 480, 24, 24, 'active', '室温–1200 °C；天平灵敏度 0.1 μg；25 位自动进样', 'Ambient to 1200 °C; 0.1 μg sensitivity; 25-position autosampler', '灰分、碳含量、热稳定性', 'Ash, carbon content, thermal stability', '粉末或小块 5–20 mg；注明气氛、升温速率与最高温度。', '5–20 mg powder or pieces; state atmosphere, heating rate and maximum temperature.'),
  ('00000000-0000-4000-8000-000000001049', '00000000-0000-4000-8000-000000000606', (select id from public.instrument_categories where code = 'sem'),
   '冷场发射扫描电镜', 'Cold field-emission SEM', 'Regulus 8230', 'Hitachi High-Tech', 3900000, 480, 360, array['sample_submission']::public.service_mode[], false, true,
   30, 60, 240, 24, 24, 'active', '分辨率 0.7 nm @ 1 kV；减速模式；能谱', '0.7 nm at 1 kV; beam deceleration; EDS', '纳米碳材料高分辨形貌', 'High-resolution imaging of nanocarbons', '固体干燥样品，尺寸不超过 20 mm × 20 mm × 10 mm；粉末需分散；磁性样品请提前说明。', 'Dry solid samples up to 20 × 20 × 10 mm; powders dispersed; declare magnetic samples in advance.'),
  ('00000000-0000-4000-8000-000000001050', '00000000-0000-4000-8000-000000000606', (select id from public.instrument_categories where code = 'electronic_test'),
   '四探针电阻率测试系统', 'Four-point-probe resistivity system', '2450', 'Keithley (Tektronix)', 120000, 60, 40, array['sample_submission','self_operation']::public.service_mode[], false, false,
   30, 30, 120, 0, 2, 'active', '源表 200 V/1 A；方阻 10⁻³–10⁷ Ω/□', '200 V/1 A SourceMeter; sheet resistance 10⁻³–10⁷ Ω/sq', '薄膜方阻、粉体电导率', 'Film sheet resistance, powder conductivity', '自带被测板卡与说明；高压或大电流测试请提前告知。', 'Bring the device under test and documentation; announce high-voltage or high-current tests.'),
  ('00000000-0000-4000-8000-000000001051', '00000000-0000-4000-8000-000000000606', (select id from public.instrument_categories where code = 'elemental_analysis'),
   '元素分析仪', 'Elemental analyser', 'vario EL cube', 'Elementar', 700000, 160, 120, array['sample_submission']::public.service_mode[], false, true,
   60, 60, 480, 24, 24, 'active', 'CHNS/O 模式；进样量 0.02–1000 mg', 'CHNS/O modes; 0.02–1000 mg samples', '碳、氢、氮、硫含量', 'C, H, N, S content', '金属屑或粉末 ≥1 g，清洁无油污；有机样品需干燥均匀。', 'At least 1 g of clean chips or powder; organic samples dry and homogeneous.'),
  ('00000000-0000-4000-8000-000000001052', '00000000-0000-4000-8000-000000000607', (select id from public.instrument_categories where code = 'spectroscopy'),
   '直读光谱仪', 'Spark optical emission spectrometer', 'ARL iSpark 8860', 'Thermo Fisher Scientific', 1600000, 150, 100, array['sample_submission']::public.service_mode[], false, true,
   30, 30, 120, 2, 4, 'active', 'Fe/Ni/Co/Cu/Al 基体；PMT+CCD；含夹杂物分析', 'Fe, Ni, Co, Cu and Al bases; PMT + CCD; inclusion analysis', '钢铁及合金化学成分', 'Chemical composition of steels and alloys', '固体、粉末或液体均可；请注明预期成分、测试范围及是否需要制样。', 'Solids, powders or liquids; state expected composition, range and any preparation needed.'),
  ('00000000-0000-4000-8000-000000001053', '00000000-0000-4000-8000-000000000607', (select id from public.instrument_categories where code = 'elemental_analysis'),
   '碳硫分析仪', 'Carbon/sulfur analyser', 'CS844', 'LECO', 650000, 100, 70, array['sample_submission']::public.service_mode[], false, true,
   30, 30, 120, 24, 24, 'active', '高频感应炉；C 0.6 ppm–6%，S 0.6 ppm–0.35%', 'Induction furnace; C 0.6 ppm–6%, S 0.6 ppm–0.35%', '金属中碳、硫含量', 'Carbon and sulfur in metals', '金属屑或粉末 ≥1 g，清洁无油污；有机样品需干燥均匀。', 'At least 1 g of clean chips or powder; organic samples dry and homogeneous.'),
  ('00000000-0000-4000-8000-000000001054', '00000000-0000-4000-8000-000000000607', (select id from public.instrument_categories where code = 'elemental_analysis'),
   '氧氮氢分析仪', 'Oxygen/nitrogen/hydrogen analyser', 'ONH836', 'LECO', 900000, 150, 100, array['sample_submission']::public.service_mode[], false, true,
   30, 30, 120, 24, 24, 'active', '脉冲加热惰气熔融；O/N 0.05 ppm 起', 'Inert gas fusion; O and N from 0.05 ppm', '钢中氧、氮、氢含量', 'O, N and H in steel', '金属屑或粉末 ≥1 g，清洁无油污；有机样品需干燥均匀。', 'At least 1 g of clean chips or powder; organic samples dry and homogeneous.'),
  ('00000000-0000-4000-8000-000000001055', '00000000-0000-4000-8000-000000000607', (select id from public.instrument_categories where code = 'optical_probe_microscopy'),
   '研究级金相显微镜', 'Materials research microscope', 'Axio Imager.M2m', 'ZEISS', 500000, 120, 80, array['sample_submission','self_operation']::public.service_mode[], true, true,
   30, 30, 240, 24, 24, 'active', '明/暗场、DIC、偏光；晶粒度与夹杂物评级软件', 'Bright/dark field, DIC, polarised light; grain size and inclusion rating', '金相组织、晶粒度、非金属夹杂物评级', 'Microstructure, grain size, inclusion rating', '样品表面平整清洁，厚度不超过 15 mm；生物样品需固定并说明生物安全等级。', 'Flat, clean surfaces up to 15 mm thick; biological samples fixed, with biosafety level stated.'),
  ('00000000-0000-4000-8000-000000001056', '00000000-0000-4000-8000-000000000607', (select id from public.instrument_categories where code = 'mechanical'),
   '电子万能试验机（300 kN）', 'Universal testing machine (300 kN)', 'Criterion C64.305', 'MTS', 1400000, 260, 190, array['sample_submission']::public.service_mode[], false, true,
   60, 60, 480, 24, 24, 'active', '最大载荷 300 kN；高温炉 1100 °C', 'Max load 300 kN; 1100 °C furnace', '钢材室温与高温拉伸、弯曲', 'Room- and high-temperature tensile and bend tests of steel', '按 GB/T 或 ASTM 标准加工试样，每组 ≥5 件，附图纸。', 'Specimens machined to GB/T or ASTM standards, at least five per set, with drawings.'),
  ('00000000-0000-4000-8000-000000001057', '00000000-0000-4000-8000-000000000607', (select id from public.instrument_categories where code = 'ndt'),
   '相控阵超声检测仪', 'Phased-array ultrasonic flaw detector', 'OmniScan X3', 'Evident (Olympus)', 450000, 150, 110, array['sample_submission','self_operation']::public.service_mode[], true, true,
   60, 60, 480, 24, 24, 'active', '16:64PR；TFM 全聚焦；TOFD', '16:64PR; TFM total focusing; TOFD', '焊缝、锻件与棒材超声探伤', 'Ultrasonic inspection of welds, forgings and bars', '工件尺寸、材料与检测标准需提前说明；CT 样品不超过 Φ300 mm × 600 mm、50 kg。', 'State size, material and standard in advance; CT items up to Φ300 × 600 mm and 50 kg.'),
  ('00000000-0000-4000-8000-000000001058', '00000000-0000-4000-8000-000000000607', (select id from public.instrument_categories where code = 'sem'),
   '场发射扫描电镜（大样品室）', 'Field-emission SEM with large chamber', 'JSM-IT800', 'JEOL', 3600000, 450, 340, array['sample_submission']::public.service_mode[], false, true,
   30, 60, 240, 24, 24, 'active', '分辨率 0.7 nm；大样品室 Φ200 mm；Oxford 能谱', '0.7 nm resolution; Φ200 mm chamber; Oxford EDS', '断口分析、夹杂物成分', 'Fractography, inclusion chemistry', '固体干燥样品，尺寸不超过 20 mm × 20 mm × 10 mm；粉末需分散；磁性样品请提前说明。', 'Dry solid samples up to 20 × 20 × 10 mm; powders dispersed; declare magnetic samples in advance.'),
  ('00000000-0000-4000-8000-000000001059', '00000000-0000-4000-8000-000000000608', (select id from public.instrument_categories where code = 'mass_spectrometry'),
   '电感耦合等离子体质谱仪', 'ICP mass spectrometer', '7900 ICP-MS', 'Agilent', 2200000, 600, 450, array['sample_submission']::public.service_mode[], false, true,
   60, 60, 480, 48, 24, 'active', '检出限 ppt 级；第四代 ORS⁴ 碰撞池；动态范围 11 个数量级', 'ppt detection limits; ORS⁴ collision cell; 11 orders of dynamic range', '痕量与超痕量元素、电池材料杂质、重金属', 'Trace elements, impurities in battery materials, heavy metals', '液体样品 ≥5 mL，需说明基体与预计浓度；固体样品需可消解；提供 MSDS。', 'Liquids ≥ 5 mL with matrix and expected concentrations; solids must be digestible; provide an MSDS.'),
  ('00000000-0000-4000-8000-000000001060', '00000000-0000-4000-8000-000000000608', (select id from public.instrument_categories where code = 'spectroscopy'),
   '电感耦合等离子体发射光谱仪', 'ICP optical emission spectrometer', 'iCAP PRO XP', 'Thermo Fisher Scientific', 1300000, 300, 220, array['sample_submission']::public.service_mode[], false, true,
   60, 60, 480, 24, 24, 'active', '双向观测；波长 167–852 nm；多元素同时测定', 'Duo view; 167–852 nm; simultaneous multi-element', '主量与微量元素、三元材料配比', 'Major and minor elements, NCM stoichiometry', '固体、粉末或液体均可；请注明预期成分、测试范围及是否需要制样。', 'Solids, powders or liquids; state expected composition, range and any preparation needed.'),
  ('00000000-0000-4000-8000-000000001061', '00000000-0000-4000-8000-000000000608', (select id from public.instrument_categories where code = 'magnetic_resonance'),
   '核磁共振波谱仪（400 MHz）', 'NMR spectrometer (400 MHz)', 'AVANCE NEO 400', 'Bruker', 4500000, 400, 300, array['sample_submission','self_operation']::public.service_mode[], true, true,
   30, 30, 240, 12, 12, 'active', '400 MHz；BBFO 宽带探头；60 位自动进样；变温 −150–150 °C', '400 MHz; BBFO probe; 60-position sample changer; −150 to 150 °C', '¹H、¹³C、¹⁹F、³¹P 及二维谱', '¹H, ¹³C, ¹⁹F, ³¹P and 2D spectra', '样品 5–20 mg 溶于氘代试剂，使用 5 mm 核磁管；注明溶剂与测试核。', '5–20 mg dissolved in deuterated solvent in 5 mm tubes; state solvent and nuclei.'),
  ('00000000-0000-4000-8000-000000001062', '00000000-0000-4000-8000-000000000608', (select id from public.instrument_categories where code = 'mass_spectrometry'),
   '超高效液相色谱-三重四极杆质谱', 'UPLC with tandem quadrupole MS', 'ACQUITY UPLC I-Class / Xevo TQ-S micro', 'Waters', 3200000, 500, 380, array['sample_submission']::public.service_mode[], false, true,
   60, 120, 480, 48, 24, 'active', 'UPLC 压力 18,000 psi；MRM 通道 32,768；ESI/APCI', '18,000 psi UPLC; 32,768 MRM channels; ESI/APCI', '药物定量、杂质鉴定、医疗器械可沥滤物', 'Drug quantification, impurity identification, device leachables', '液体样品 ≥5 mL，需说明基体与预计浓度；固体样品需可消解；提供 MSDS。', 'Liquids ≥ 5 mL with matrix and expected concentrations; solids must be digestible; provide an MSDS.'),
  ('00000000-0000-4000-8000-000000001063', '00000000-0000-4000-8000-000000000608', (select id from public.instrument_categories where code = 'mass_spectrometry'),
   '气相色谱-质谱联用仪', 'Gas chromatograph–mass spectrometer', '8890 GC / 5977B MSD', 'Agilent', 1100000, 300, 220, array['sample_submission']::public.service_mode[], false, true,
   60, 60, 480, 24, 24, 'active', 'EI 源；质量范围 1.6–1050 u；顶空与热脱附进样', 'EI source; 1.6–1050 u; headspace and thermal desorption', 'VOC、残留溶剂、可挥发物鉴定', 'VOCs, residual solvents, volatile identification', '液体样品 ≥5 mL，需说明基体与预计浓度；固体样品需可消解；提供 MSDS。', 'Liquids ≥ 5 mL with matrix and expected concentrations; solids must be digestible; provide an MSDS.'),
  ('00000000-0000-4000-8000-000000001064', '00000000-0000-4000-8000-000000000608', (select id from public.instrument_categories where code = 'chromatography'),
   '高效液相色谱仪', 'HPLC system', '1260 Infinity II', 'Agilent', 450000, 150, 100, array['sample_submission','self_operation']::public.service_mode[], false, false,
   60, 60, 480, 4, 4, 'active', '四元泵 600 bar；DAD 检测器；自动进样', 'Quaternary pump 600 bar; DAD; autosampler', '含量测定、纯度分析', 'Assay and purity', '溶液样品经 0.22 μm 滤膜过滤，附标准品或方法说明。', 'Solutions filtered through 0.22 μm, with standards or a method description.'),
  ('00000000-0000-4000-8000-000000001065', '00000000-0000-4000-8000-000000000608', (select id from public.instrument_categories where code = 'spectroscopy'),
   '紫外-可见-近红外分光光度计', 'UV-Vis-NIR spectrophotometer', 'LAMBDA 1050+', 'PerkinElmer', 850000, 150, 100, array['sample_submission','self_operation']::public.service_mode[], false, true,
   30, 30, 240, 24, 24, 'active', '波长 175–3300 nm；150 mm 积分球', '175–3300 nm; 150 mm integrating sphere', '透过率、反射率、光学带隙', 'Transmittance, reflectance, optical band gap', '固体、粉末或液体均可；请注明预期成分、测试范围及是否需要制样。', 'Solids, powders or liquids; state expected composition, range and any preparation needed.'),
  ('00000000-0000-4000-8000-000000001066', '00000000-0000-4000-8000-000000000608', (select id from public.instrument_categories where code = 'xray'),
   '单晶X射线衍射仪', 'Single-crystal X-ray diffractometer', 'XtaLAB Synergy-S', 'Rigaku', 4200000, 500, 380, array['sample_submission']::public.service_mode[], false, true,
   120, 240, 480, 48, 48, 'maintenance', 'Mo/Cu 双微焦斑光源；HyPix-6000HE 探测器；低温 100 K', 'Dual Mo/Cu microfocus; HyPix-6000HE detector; 100 K cryostream', '单晶结构解析、绝对构型', 'Crystal structure solution, absolute configuration', '粉末 ≥0.5 g（过 300 目）或平整块体 ≤ 50 mm；单晶需 0.1–0.3 mm 完整晶体。', 'Powder ≥ 0.5 g (< 50 μm) or flat solids ≤ 50 mm; single crystals 0.1–0.3 mm.'),
  ('00000000-0000-4000-8000-000000001067', '00000000-0000-4000-8000-000000000608', (select id from public.instrument_categories where code = 'optical_probe_microscopy'),
   '流式细胞仪', 'Flow cytometer', 'FACSCelesta', 'BD Biosciences', 1200000, 300, 220, array['sample_submission','self_operation']::public.service_mode[], true, true,
   30, 30, 240, 24, 24, 'active', '3 激光 12 色；上样速率 10,000 events/s', 'Three lasers, 12 colours; 10,000 events/s', '细胞表型、凋亡、细胞周期', 'Immunophenotyping, apoptosis, cell cycle', '样品表面平整清洁，厚度不超过 15 mm；生物样品需固定并说明生物安全等级。', 'Flat, clean surfaces up to 15 mm thick; biological samples fixed, with biosafety level stated.'),
  ('00000000-0000-4000-8000-000000001068', '00000000-0000-4000-8000-000000000609', (select id from public.instrument_categories where code = 'electronic_test'),
   '矢量网络分析仪', 'Vector network analyser', 'E5080B ENA', 'Keysight', 900000, 220, 160, array['sample_submission','self_operation']::public.service_mode[], true, true,
   60, 60, 480, 24, 24, 'active', '9 kHz–20 GHz；4 端口；动态范围 140 dB', '9 kHz–20 GHz; 4 ports; 140 dB dynamic range', 'S 参数、天线与滤波器测试', 'S-parameters, antennas and filters', '自带被测板卡与说明；高压或大电流测试请提前告知。', 'Bring the device under test and documentation; announce high-voltage or high-current tests.'),
  ('00000000-0000-4000-8000-000000001069', '00000000-0000-4000-8000-000000000609', (select id from public.instrument_categories where code = 'electronic_test'),
   '混合信号示波器', 'Mixed-signal oscilloscope', 'MXR608A', 'Keysight', 600000, 120, 80, array['sample_submission','self_operation']::public.service_mode[], false, false,
   60, 60, 480, 0, 2, 'active', '6 GHz，8 通道；16 GSa/s；协议解码', '6 GHz, 8 channels; 16 GSa/s; protocol decoding', '电机驱动与控制板信号调试', 'Motor-drive and controller debugging', '自带被测板卡与说明；高压或大电流测试请提前告知。', 'Bring the device under test and documentation; announce high-voltage or high-current tests.'),
  ('00000000-0000-4000-8000-000000001070', '00000000-0000-4000-8000-000000000609', (select id from public.instrument_categories where code = 'electronic_test'),
   '信号与频谱分析仪', 'Signal and spectrum analyser', 'FSW26', 'Rohde & Schwarz', 1100000, 250, 180, array['sample_submission','self_operation']::public.service_mode[], true, true,
   60, 60, 480, 24, 24, 'active', '2 Hz–26.5 GHz；分析带宽 2 GHz', '2 Hz–26.5 GHz; 2 GHz analysis bandwidth', '射频指标、杂散、EMC 预测试', 'RF performance, spurious emissions, EMC pre-compliance', '自带被测板卡与说明；高压或大电流测试请提前告知。', 'Bring the device under test and documentation; announce high-voltage or high-current tests.'),
  ('00000000-0000-4000-8000-000000001071', '00000000-0000-4000-8000-000000000609', (select id from public.instrument_categories where code = 'electronic_test'),
   '实时频谱分析仪', 'Real-time spectrum analyser', 'RSA5065N', 'RIGOL', 150000, 80, 50, array['sample_submission','self_operation']::public.service_mode[], false, true,
   60, 60, 480, 4, 4, 'active', '9 kHz–6.5 GHz；实时带宽 40 MHz；EMI 预兼容软件', '9 kHz–6.5 GHz; 40 MHz real-time bandwidth; EMI pre-compliance software', '传导/辐射 EMI 预兼容', 'Conducted and radiated EMI pre-compliance', '自带被测板卡与说明；高压或大电流测试请提前告知。', 'Bring the device under test and documentation; announce high-voltage or high-current tests.'),
  ('00000000-0000-4000-8000-000000001072', '00000000-0000-4000-8000-000000000609', (select id from public.instrument_categories where code = 'electronic_test'),
   '高精度功率分析仪', 'Precision power analyser', 'WT5000', 'Yokogawa', 450000, 150, 100, array['sample_submission','self_operation']::public.service_mode[], false, true,
   60, 60, 480, 24, 24, 'active', '7 通道；基本精度 ±0.03%；电机分析选件', '7 inputs; ±0.03% basic accuracy; motor evaluation option', '电机效率、变频器损耗', 'Motor efficiency, inverter losses', '自带被测板卡与说明；高压或大电流测试请提前告知。', 'Bring the device under test and documentation; announce high-voltage or high-current tests.'),
  ('00000000-0000-4000-8000-000000001073', '00000000-0000-4000-8000-000000000609', (select id from public.instrument_categories where code = 'electronic_test'),
   '直流电源分析仪', 'DC power analyser', 'N6705C', 'Keysight', 250000, 80, 60, array['sample_submission','self_operation']::public.service_mode[], false, false,
   60, 60, 480, 0, 2, 'active', '4 模块插槽；600 W；内置示波与数据记录', 'Four module slots; 600 W; built-in scope and data logger', '低功耗器件功耗测试、电源时序', 'Low-power consumption, power sequencing', '自带被测板卡与说明；高压或大电流测试请提前告知。', 'Bring the device under test and documentation; announce high-voltage or high-current tests.')
on conflict (id) do nothing;

-- The instruments joined the network soon after their labs: the utilisation statistics count
-- available hours from an instrument's creation, and the seeded history goes back six months.
update public.instruments i
set created_at = l.created_at + interval '10 days'
from public.labs l
where l.id = i.lab_id and i.created_at > l.created_at + interval '10 days';

insert into public.instrument_chains (instrument_id, chain_id)
select v.instrument_id::uuid, c.id
from (values
  ('00000000-0000-4000-8000-000000001001', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001001', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001001', 'new_materials'),
  ('00000000-0000-4000-8000-000000001002', 'special_steel'),
  ('00000000-0000-4000-8000-000000001002', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001002', 'new_materials'),
  ('00000000-0000-4000-8000-000000001003', 'new_materials'),
  ('00000000-0000-4000-8000-000000001003', 'biomedicine_devices'),
  ('00000000-0000-4000-8000-000000001004', 'new_materials'),
  ('00000000-0000-4000-8000-000000001004', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001004', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001005', 'new_materials'),
  ('00000000-0000-4000-8000-000000001005', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001005', 'solar_pv'),
  ('00000000-0000-4000-8000-000000001006', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001006', 'solar_pv'),
  ('00000000-0000-4000-8000-000000001006', 'new_materials'),
  ('00000000-0000-4000-8000-000000001007', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001007', 'solar_pv'),
  ('00000000-0000-4000-8000-000000001008', 'new_materials'),
  ('00000000-0000-4000-8000-000000001008', 'solar_pv'),
  ('00000000-0000-4000-8000-000000001009', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001009', 'new_materials'),
  ('00000000-0000-4000-8000-000000001010', 'new_materials'),
  ('00000000-0000-4000-8000-000000001010', 'biomedicine_devices'),
  ('00000000-0000-4000-8000-000000001011', 'special_steel'),
  ('00000000-0000-4000-8000-000000001011', 'new_materials'),
  ('00000000-0000-4000-8000-000000001011', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001012', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001012', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001012', 'new_materials'),
  ('00000000-0000-4000-8000-000000001013', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001013', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001013', 'special_steel'),
  ('00000000-0000-4000-8000-000000001014', 'special_steel'),
  ('00000000-0000-4000-8000-000000001014', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001015', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001015', 'new_materials'),
  ('00000000-0000-4000-8000-000000001016', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001016', 'new_materials'),
  ('00000000-0000-4000-8000-000000001016', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001017', 'new_materials'),
  ('00000000-0000-4000-8000-000000001017', 'biomedicine_devices'),
  ('00000000-0000-4000-8000-000000001018', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001018', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001018', 'new_power_equipment'),
  ('00000000-0000-4000-8000-000000001019', 'special_steel'),
  ('00000000-0000-4000-8000-000000001019', 'cnc_machine_tools'),
  ('00000000-0000-4000-8000-000000001020', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001020', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001020', 'new_power_equipment'),
  ('00000000-0000-4000-8000-000000001021', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001021', 'industrial_robots'),
  ('00000000-0000-4000-8000-000000001021', 'new_power_equipment'),
  ('00000000-0000-4000-8000-000000001022', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001022', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001022', 'new_power_equipment'),
  ('00000000-0000-4000-8000-000000001023', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001023', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001023', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001024', 'special_steel'),
  ('00000000-0000-4000-8000-000000001024', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001024', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001025', 'solar_pv'),
  ('00000000-0000-4000-8000-000000001025', 'new_materials'),
  ('00000000-0000-4000-8000-000000001025', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001026', 'solar_pv'),
  ('00000000-0000-4000-8000-000000001026', 'new_materials'),
  ('00000000-0000-4000-8000-000000001027', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001027', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001027', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001028', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001029', 'cnc_machine_tools'),
  ('00000000-0000-4000-8000-000000001029', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001029', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001030', 'cnc_machine_tools'),
  ('00000000-0000-4000-8000-000000001030', 'industrial_robots'),
  ('00000000-0000-4000-8000-000000001030', 'intelligent_equipment'),
  ('00000000-0000-4000-8000-000000001031', 'cnc_machine_tools'),
  ('00000000-0000-4000-8000-000000001031', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001032', 'cnc_machine_tools'),
  ('00000000-0000-4000-8000-000000001032', 'special_steel'),
  ('00000000-0000-4000-8000-000000001033', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001033', 'industrial_robots'),
  ('00000000-0000-4000-8000-000000001033', 'intelligent_equipment'),
  ('00000000-0000-4000-8000-000000001034', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001034', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001034', 'new_power_equipment'),
  ('00000000-0000-4000-8000-000000001035', 'solar_pv'),
  ('00000000-0000-4000-8000-000000001035', 'cnc_machine_tools'),
  ('00000000-0000-4000-8000-000000001036', 'cnc_machine_tools'),
  ('00000000-0000-4000-8000-000000001036', 'intelligent_equipment'),
  ('00000000-0000-4000-8000-000000001036', 'biomedicine_devices'),
  ('00000000-0000-4000-8000-000000001037', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001037', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001038', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001038', 'new_power_equipment'),
  ('00000000-0000-4000-8000-000000001039', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001039', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001040', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001040', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001041', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001041', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001042', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001042', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001042', 'new_power_equipment'),
  ('00000000-0000-4000-8000-000000001043', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001044', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001044', 'new_materials'),
  ('00000000-0000-4000-8000-000000001045', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001045', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001045', 'new_materials'),
  ('00000000-0000-4000-8000-000000001046', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001046', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001047', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001047', 'solar_pv'),
  ('00000000-0000-4000-8000-000000001048', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001048', 'new_materials'),
  ('00000000-0000-4000-8000-000000001049', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001049', 'new_materials'),
  ('00000000-0000-4000-8000-000000001050', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001050', 'solar_pv'),
  ('00000000-0000-4000-8000-000000001051', 'new_carbon_materials'),
  ('00000000-0000-4000-8000-000000001051', 'new_materials'),
  ('00000000-0000-4000-8000-000000001052', 'special_steel'),
  ('00000000-0000-4000-8000-000000001052', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001053', 'special_steel'),
  ('00000000-0000-4000-8000-000000001054', 'special_steel'),
  ('00000000-0000-4000-8000-000000001054', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001055', 'special_steel'),
  ('00000000-0000-4000-8000-000000001055', 'cnc_machine_tools'),
  ('00000000-0000-4000-8000-000000001056', 'special_steel'),
  ('00000000-0000-4000-8000-000000001056', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001057', 'special_steel'),
  ('00000000-0000-4000-8000-000000001057', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001057', 'new_power_equipment'),
  ('00000000-0000-4000-8000-000000001058', 'special_steel'),
  ('00000000-0000-4000-8000-000000001058', 'new_materials'),
  ('00000000-0000-4000-8000-000000001059', 'biomedicine_devices'),
  ('00000000-0000-4000-8000-000000001059', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001059', 'new_materials'),
  ('00000000-0000-4000-8000-000000001060', 'power_batteries'),
  ('00000000-0000-4000-8000-000000001060', 'special_steel'),
  ('00000000-0000-4000-8000-000000001060', 'solar_pv'),
  ('00000000-0000-4000-8000-000000001061', 'biomedicine_devices'),
  ('00000000-0000-4000-8000-000000001061', 'new_materials'),
  ('00000000-0000-4000-8000-000000001062', 'biomedicine_devices'),
  ('00000000-0000-4000-8000-000000001063', 'biomedicine_devices'),
  ('00000000-0000-4000-8000-000000001063', 'new_materials'),
  ('00000000-0000-4000-8000-000000001064', 'biomedicine_devices'),
  ('00000000-0000-4000-8000-000000001065', 'solar_pv'),
  ('00000000-0000-4000-8000-000000001065', 'new_materials'),
  ('00000000-0000-4000-8000-000000001066', 'biomedicine_devices'),
  ('00000000-0000-4000-8000-000000001066', 'new_materials'),
  ('00000000-0000-4000-8000-000000001067', 'biomedicine_devices'),
  ('00000000-0000-4000-8000-000000001068', 'new_power_equipment'),
  ('00000000-0000-4000-8000-000000001068', 'intelligent_equipment'),
  ('00000000-0000-4000-8000-000000001068', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001069', 'intelligent_equipment'),
  ('00000000-0000-4000-8000-000000001069', 'industrial_robots'),
  ('00000000-0000-4000-8000-000000001069', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001070', 'intelligent_equipment'),
  ('00000000-0000-4000-8000-000000001070', 'rail_transit'),
  ('00000000-0000-4000-8000-000000001071', 'intelligent_equipment'),
  ('00000000-0000-4000-8000-000000001071', 'industrial_robots'),
  ('00000000-0000-4000-8000-000000001072', 'new_power_equipment'),
  ('00000000-0000-4000-8000-000000001072', 'nev_parts'),
  ('00000000-0000-4000-8000-000000001072', 'industrial_robots'),
  ('00000000-0000-4000-8000-000000001073', 'intelligent_equipment'),
  ('00000000-0000-4000-8000-000000001073', 'new_power_equipment')
) as v(instrument_id, chain_code)
join public.industrial_chains c on c.code = v.chain_code
on conflict do nothing;

-- Opening hours (Asia/Shanghai local time; ISO weekday 1 = Monday). 30-minute-slot instruments open
-- 08:30–12:00 and 13:30–17:30; 60-minute ones 08:00–12:00 and 13:00–17:00; 120-minute ones 08:00–12:00
-- and 14:00–18:00; chambers, cyclers and other 240-minute instruments run around the clock, every day.
-- A few busy instruments also open on Saturday mornings.
with profile(slot_minutes, weekday, start_time, end_time) as (
  select 30, d, time '08:30', time '12:00' from generate_series(1, 6) d
  union all select 30, d, time '13:30', time '17:30' from generate_series(1, 5) d
  union all select 60, d, time '08:00', time '12:00' from generate_series(1, 6) d
  union all select 60, d, time '13:00', time '17:00' from generate_series(1, 5) d
  union all select 120, d, time '08:00', time '12:00' from generate_series(1, 5) d
  union all select 120, d, time '14:00', time '18:00' from generate_series(1, 5) d
  union all select 240, d, time '00:00', time '24:00' from generate_series(1, 7) d
)
insert into public.availability_rules (instrument_id, weekday, start_time, end_time)
select i.id, p.weekday, p.start_time, p.end_time
from public.instruments i
join profile p on p.slot_minutes = i.slot_minutes
where i.id::text like '00000000-0000-4000-8000-0000000010%'
  and (p.weekday <> 6 or p.slot_minutes = 240 or right(i.id::text, 4) in ('1001', '1003', '1005', '1011', '1052', '1061'))
order by i.id, p.weekday, p.start_time;

-- Closures, maintenance and an extra opening. Public holidays are fixed dates; maintenance windows
-- are relative to the seed day so that the demo always shows some upcoming ones.
insert into public.availability_exceptions (instrument_id, kind, during, note_zh, note_en, created_by)
select i.id, 'closure'::public.exception_kind,
  tstzrange(timestamptz '2026-10-01 00:00+08', timestamptz '2026-10-08 00:00+08', '[)'),
  '国庆节假期闭馆', 'Closed for the National Day holiday',
  (select m.user_id from public.lab_members m where m.lab_id = i.lab_id and m.role = 'manager' limit 1)
from public.instruments i
where i.id::text like '00000000-0000-4000-8000-0000000010%' and i.slot_minutes < 240
union all
select i.id, 'closure'::public.exception_kind,
  tstzrange(timestamptz '2027-01-01 00:00+08', timestamptz '2027-01-02 00:00+08', '[)'),
  '元旦闭馆', 'Closed on New Year''s Day',
  (select m.user_id from public.lab_members m where m.lab_id = i.lab_id and m.role = 'manager' limit 1)
from public.instruments i
where i.id::text like '00000000-0000-4000-8000-0000000010%' and i.slot_minutes < 240;

with t as (select date_trunc('day', now() at time zone 'Asia/Shanghai') as today),
x(instrument, kind, from_day, from_time, to_day, to_time, note_zh, note_en, created_by) as (
  values
    -- instruments currently in maintenance
    ('1008', 'maintenance', -6, time '08:00', 12, time '18:00', '离子源更换及厂家维修', 'Ion source replacement and factory service', '111'),
    ('1066', 'maintenance', -3, time '08:00', 10, time '18:00', 'CCD 探测器返厂维修', 'Detector returned to the manufacturer for repair', '118'),
    -- upcoming maintenance
    ('1001', 'maintenance', 9, time '08:30', 10, time '17:30', 'ZEISS 工程师年度保养', 'Annual service by a ZEISS engineer', '121'),
    ('1059', 'maintenance', 15, time '08:00', 15, time '17:00', '矩管与锥口清洗、质量校准', 'Torch and cone cleaning, mass calibration', '118'),
    ('1037', 'maintenance', 20, time '00:00', 21, time '00:00', '通道计量校准', 'Channel calibration', '125'),
    ('1029', 'maintenance', 12, time '08:00', 12, time '17:00', '年度检定（JJF 1064）', 'Annual verification (JJF 1064)', '114'),
    ('1023', 'closure', 6, time '08:00', 6, time '18:00', '实验室消防演练，暂停开放', 'Lab closed for a fire drill', '113'),
    -- past maintenance
    ('1004', 'maintenance', -60, time '08:00', -57, time '17:00', '场发射枪烘烤', 'Field-emission gun bake-out', '111'),
    ('1029', 'maintenance', -45, time '08:00', -44, time '17:00', '探头系统校准', 'Probe system calibration', '114'),
    ('1052', 'maintenance', -30, time '08:30', -30, time '17:30', '氩气纯化器更换', 'Argon purifier replacement', '117'),
    -- an extra opening: next week's Saturday morning on the TEM
    ('1004', 'extra_opening', null, time '08:00', null, time '12:00', '周六加开（中小企业集中送样）', 'Extra Saturday session for SME samples', '111')
)
insert into public.availability_exceptions (instrument_id, kind, during, note_zh, note_en, created_by)
select ('00000000-0000-4000-8000-00000000' || x.instrument)::uuid, x.kind::public.exception_kind,
  tstzrange(
    (coalesce(t.today + x.from_day * interval '1 day', date_trunc('week', t.today) + interval '12 days') + x.from_time) at time zone 'Asia/Shanghai',
    (coalesce(t.today + x.to_day * interval '1 day', date_trunc('week', t.today) + interval '12 days') + x.to_time) at time zone 'Asia/Shanghai',
    '[)'),
  x.note_zh, x.note_en, ('00000000-0000-4000-8000-000000000' || x.created_by)::uuid
from x cross join t;

-- Operator authorisations for self-operated instruments that require them.
insert into public.instrument_authorisations (instrument_id, user_id, granted_by, expires_at, note)
select i.id, u.user_id,
  (select m.user_id from public.lab_members m where m.lab_id = i.lab_id order by m.role desc limit 1),
  case when u.user_id = '00000000-0000-4000-8000-000000000104' then now() - interval '20 days' else now() + interval '300 days' end,
  '已完成上机培训与考核 / Completed operator training and assessment'
from public.instruments i
cross join (values
  ('00000000-0000-4000-8000-000000000101'::uuid), ('00000000-0000-4000-8000-000000000103'::uuid),
  ('00000000-0000-4000-8000-000000000104'::uuid), ('00000000-0000-4000-8000-000000000105'::uuid)
) as u(user_id)
where i.id::text like '00000000-0000-4000-8000-0000000010%' and i.requires_authorisation
  and (u.user_id <> '00000000-0000-4000-8000-000000000104' or i.lab_id = '00000000-0000-4000-8000-000000000601')
on conflict do nothing;

-- Bookings ----------------------------------------------------------------------------------------
-- Generated deterministically from the instruments' opening hours: at most one booking per opening
-- window per day (and one multi-day run every four days on around-the-clock instruments), so live
-- bookings never overlap; lengths are whole slots between the instrument's minimum and maximum;
-- nothing falls in a closure or maintenance window. Past bookings are completed, no-shows,
-- cancelled or rejected; upcoming ones pending, confirmed or cancelled. Requesters are mostly the SME
-- engineers (SME rate), sometimes staff of other labs' organisations (standard rate).
insert into public.bookings (
  id, instrument_id, requester_id, organisation_id, during, status, service_mode, purpose, sample_description,
  contact_phone, rate_cny, estimated_cost_cny, actual_minutes, decided_by, decided_at, decision_reason,
  cancelled_by, cancelled_at, cancel_reason, completed_at, created_at, updated_at
)
with t as (
  select date_trunc('day', now() at time zone 'Asia/Shanghai') as today
),
inst as (
  select i.id, i.lab_id, i.status, i.slot_minutes, i.min_booking_minutes, i.max_booking_minutes, i.lead_time_hours,
    i.hourly_rate_cny, i.sme_rate_cny, i.service_modes, i.requires_approval, i.requires_authorisation,
    right(i.id::text, 3)::int as n, top.code as top_code
  from public.instruments i
  join public.instrument_categories c on c.id = i.category_id
  join public.instrument_categories top on top.id = c.parent_id
  where i.id::text like '00000000-0000-4000-8000-0000000010%'
),
-- One candidate per opening window and day (local time), for instruments with daytime hours.
windowed as (
  select inst.*, d, t.today + d * interval '1 day' + r.start_time as win_start,
    (extract(epoch from r.end_time - r.start_time) / 60)::int as win_minutes
  from inst cross join t cross join generate_series(-182, 27) as d
  join public.availability_rules r on r.instrument_id = inst.id
    and r.weekday = extract(isodow from t.today + d * interval '1 day')
  where inst.slot_minutes < 240
    -- instruments differ in demand: 6–27 % of windows are booked
    and abs(hashtext(inst.id::text || d || r.start_time::text || 'p')) % 100 < 6 + (inst.n * 37) % 22
),
windowed_sized as (
  select w.*, w.min_booking_minutes / w.slot_minutes as kmin,
    least(w.max_booking_minutes, w.win_minutes) / w.slot_minutes as kmax
  from windowed w
),
windowed_placed as (
  select s.*, s.kmin + abs(hashtext(s.id::text || s.d || s.win_start::text || 'k')) % (s.kmax - s.kmin + 1) as k
  from windowed_sized s
  where s.kmax >= s.kmin
),
-- Around-the-clock instruments: a run of one to three days starting at 08:00 every fourth day.
continuous as (
  select inst.*, d, t.today + d * interval '1 day' + time '08:00' as start_local
  from inst cross join t cross join generate_series(-182, 27) as d
  where inst.slot_minutes = 240 and ((d + inst.n) % 4 + 4) % 4 = 0
    and abs(hashtext(inst.id::text || d || 'p')) % 100 < 30 + (inst.n * 13) % 40
),
cand as (
  select p.id, p.lab_id, p.status, p.slot_minutes, p.lead_time_hours, p.hourly_rate_cny, p.sme_rate_cny, p.service_modes,
    p.requires_approval, p.requires_authorisation, p.top_code, p.d,
    p.win_start + (abs(hashtext(p.id::text || p.d || p.win_start::text || 's')) % (p.win_minutes / p.slot_minutes - p.k + 1))
      * p.slot_minutes * interval '1 minute' as start_local,
    p.k * p.slot_minutes as minutes
  from windowed_placed p
  union all
  select c.id, c.lab_id, c.status, c.slot_minutes, c.lead_time_hours, c.hourly_rate_cny, c.sme_rate_cny, c.service_modes,
    c.requires_approval, c.requires_authorisation, c.top_code, c.d, c.start_local,
    (c.min_booking_minutes / 240 + abs(hashtext(c.id::text || c.d || 'k'))
      % (least(c.max_booking_minutes, 4320) / 240 - c.min_booking_minutes / 240 + 1)) * 240 as minutes
  from continuous c
),
timed as (
  select c.*, c.id::text || '@' || c.start_local::text as key,
    tstzrange(c.start_local at time zone 'Asia/Shanghai',
              (c.start_local + c.minutes * interval '1 minute') at time zone 'Asia/Shanghai', '[)') as during
  from cand c
),
valid as (
  select v.*
  from timed v
  where not exists (
      select 1 from public.availability_exceptions e
      where e.instrument_id = v.id and e.kind in ('closure', 'maintenance') and e.during && v.during)
    -- the retired chamber was last used three months ago; instruments in maintenance take no new bookings
    and (v.status = 'active' or upper(v.during) <= now())
    and (v.status <> 'retired' or v.d < -95)
),
pool as (
  select p.id as user_id, p.organisation_id, o.kind, p.phone, p.locale
  from public.profiles p
  join public.organisations o on o.id = p.organisation_id
  where p.id::text like '00000000-0000-4000-8000-0000000001%' and o.kind <> 'government'
),
chosen as (
  select v.*, rq.user_id as requester_id, rq.organisation_id, rq.kind as org_kind, rq.phone, rq.locale,
    abs(hashtext(v.key || 'status')) % 1000 as hs,
    abs(hashtext(v.key || 'x')) % 1000 as hx,
    abs(hashtext(v.key || 'y')) % 1000 as hy,
    staff.user_id as staff_id
  from valid v
  cross join lateral (
    select pool.* from pool
    where (pool.kind = 'sme') = (abs(hashtext(v.key || 'r')) % 100 < 75)
      and not exists (select 1 from public.lab_members m where m.lab_id = v.lab_id and m.user_id = pool.user_id)
    order by abs(hashtext(pool.user_id::text || v.key)), pool.user_id
    limit 1
  ) rq
  cross join lateral (
    select m.user_id from public.lab_members m where m.lab_id = v.lab_id
    order by abs(hashtext(m.user_id::text || v.key)), m.user_id
    limit 1
  ) staff
),
statused as (
  select c.*,
    case
      when upper(c.during) <= now() then
        case when c.hs < 760 then 'completed' when c.hs < 810 then 'no_show' when c.hs < 920 then 'cancelled'
             when c.requires_approval then 'rejected' else 'completed' end
      when lower(c.during) <= now() then 'confirmed'
      when not c.requires_approval then case when c.hs < 900 then 'confirmed' else 'cancelled' end
      else case when c.hs < 480 then 'confirmed' when c.hs < 850 then 'pending' when c.hs < 940 then 'cancelled'
                else 'rejected' end
    end::public.booking_status as new_status,
    least(lower(c.during) - (c.lead_time_hours + 2 + c.hx % 200) * interval '1 hour',
          now() - (1 + c.hy % 40) * interval '1 hour') as created
  from chosen c
),
decided as (
  select s.*,
    -- decided (by staff) unless still pending, or cancelled while pending; auto-confirmed bookings
    -- count from their creation (decided_at stays empty, as request_booking leaves it)
    case
      when not s.requires_approval then s.created
      when s.new_status = 'pending' then null
      when s.new_status = 'cancelled' and s.hx % 10 < 4 then null
      else least(s.created + (1 + s.hy % 30) * interval '1 hour', lower(s.during) - interval '1 hour',
                 now() - interval '10 minutes')
    end as decided_time
  from statused s
),
purposes(top_code, i, zh, en, sample_zh, sample_en) as (
  values
    ('electron_optics', 0, '观察石墨烯粉体片层形貌与厚度', 'Morphology and thickness of graphene flakes', '石墨烯粉体 3 个，已干燥', 'Three dried graphene powders'),
    ('electron_optics', 1, '三元正极颗粒表面包覆层表征', 'Coating layer on NCM cathode particles', '正极粉末 2 个，导电胶固定', 'Two cathode powders on carbon tape'),
    ('electron_optics', 2, '失效零件断口分析', 'Fractography of a failed part', '断裂轴件 1 件，已切割至 15 mm', 'One fractured shaft cut to 15 mm'),
    ('electron_optics', 3, '光伏银浆栅线截面观察', 'Cross-section of PV silver fingers', '电池片切片 4 片', 'Four solar-cell pieces'),
    ('analytical', 0, '正极材料中杂质元素含量测定', 'Impurity elements in cathode material', '粉末样品 5 个，每个 2 g', 'Five powders, 2 g each'),
    ('analytical', 1, '医疗器械可沥滤物筛查', 'Leachables screening for a medical device', '浸提液 6 瓶', 'Six extract vials'),
    ('analytical', 2, '新合成中间体结构确认', 'Structure confirmation of a new intermediate', '固体 20 mg，溶于 CDCl₃', '20 mg solid in CDCl₃'),
    ('analytical', 3, '涂层物相与结晶度分析', 'Phase and crystallinity of a coating', '涂层样片 3 片', 'Three coated coupons'),
    ('physical_testing', 0, '来料钢材拉伸性能复检', 'Re-test of incoming steel tensile properties', '标准拉伸试样 6 根', 'Six standard tensile bars'),
    ('physical_testing', 1, '碳纤维复合材料层间剪切强度', 'Short-beam shear of carbon-fibre laminate', '试样 10 件', 'Ten specimens'),
    ('physical_testing', 2, '隔膜材料热稳定性评估', 'Thermal stability of separator film', '隔膜 5 片', 'Five separator pieces'),
    ('physical_testing', 3, '导热界面材料导热系数测定', 'Thermal conductivity of a thermal interface material', 'Φ12.7 mm 圆片 3 片', 'Three Φ12.7 mm discs'),
    ('environmental_reliability', 0, '电机控制器高低温循环验证', 'Temperature cycling of a motor controller', '控制器 2 台，需通电监测', 'Two controllers, powered and monitored'),
    ('environmental_reliability', 1, '车灯支架盐雾试验 96 h', '96 h salt spray on lamp brackets', '镀锌支架 12 件', 'Twelve galvanised brackets'),
    ('environmental_reliability', 2, '轨交电气柜随机振动', 'Random vibration of a rail electrical cabinet', '电气柜 1 台，约 60 kg', 'One cabinet, about 60 kg'),
    ('environmental_reliability', 3, '光伏背板紫外老化', 'UV ageing of PV backsheets', '背板样片 8 片', 'Eight backsheet coupons'),
    ('electrochemistry_battery', 0, '磷酸铁锂电芯 1C 循环寿命', '1C cycle life of LFP cells', '软包电芯 8 只，3.2 V 20 Ah', 'Eight 3.2 V 20 Ah pouch cells'),
    ('electrochemistry_battery', 1, '硅碳负极倍率性能', 'Rate capability of Si/C anodes', '扣式电池 16 只', 'Sixteen coin cells'),
    ('electrochemistry_battery', 2, '电芯热失控起始温度测定', 'Thermal-runaway onset of a cell', '方形电芯 2 只，100% SOC', 'Two prismatic cells at 100% SOC'),
    ('electrochemistry_battery', 3, '石墨烯导电剂电化学阻抗测试', 'Impedance of graphene conductive additive', '极片 6 片', 'Six electrode sheets'),
    ('metrology_inspection', 0, '减速器壳体形位公差检测', 'GD&T of a reducer housing', '壳体 3 件，附图纸', 'Three housings with drawings'),
    ('metrology_inspection', 1, '主轴圆度与跳动测量', 'Roundness and run-out of spindles', '主轴 4 根', 'Four spindles'),
    ('metrology_inspection', 2, '伺服驱动板 EMI 预兼容', 'EMI pre-compliance of a servo drive board', '驱动板 2 块', 'Two drive boards'),
    ('metrology_inspection', 3, '铝压铸件内部气孔 CT 检测', 'CT porosity check of aluminium castings', '压铸件 5 件', 'Five die castings')
),
reasons(i, rejected, cancelled) as (
  values
    (0, '样品含强磁性，可能损伤设备，建议改约其他设备。 / Strongly magnetic samples could damage the instrument; please book another one.',
        '项目计划调整，暂不需要测试。 / Project plans changed; the test is no longer needed.'),
    (1, '该时段已安排设备校准，请改约其他时间。 / The instrument is being calibrated then; please choose another time.',
        '样品未能按时制备完成。 / The samples were not ready in time.'),
    (2, '样品信息不完整，请补充成分与安全说明后重新申请。 / Sample information is incomplete; add composition and safety data and apply again.',
        '已改为在本单位完成测试。 / The test was done in-house instead.'),
    (3, '申请时长不足以完成所述测试，请延长后重新预约。 / The time requested is too short for the tests described; please book a longer slot.',
        '设备临时故障，已与申请人沟通改期。 / Instrument fault; rescheduled with the requester.')
),
numbered as (
  select d.*, row_number() over (order by d.id, lower(d.during)) as seq,
    case when d.org_kind = 'sme' then d.sme_rate_cny else d.hourly_rate_cny end as rate,
    case
      when 'self_operation' = any(d.service_modes)
           and (not ('sample_submission' = any(d.service_modes))
                or (d.hy % 2 = 0 and (not d.requires_authorisation or exists (
                      select 1 from public.instrument_authorisations a
                      where a.instrument_id = d.id and a.user_id = d.requester_id
                        and (a.expires_at is null or a.expires_at > lower(d.during))))))
      then 'self_operation' else 'sample_submission'
    end::public.service_mode as mode,
    case when d.new_status = 'cancelled'
      then coalesce(d.decided_time, d.created)
           + (least(lower(d.during), now()) - coalesce(d.decided_time, d.created)) * ((10 + d.hy % 80) / 100.0)
    end as cancelled_time
  from decided d
)
select
  ('00000000-0000-4000-8001-' || lpad(n.seq::text, 12, '0'))::uuid,
  n.id, n.requester_id, n.organisation_id, n.during, n.new_status, n.mode,
  case when n.locale = 'en' then p.en else p.zh end,
  case when n.locale = 'en' then p.sample_en else p.sample_zh end,
  n.phone, n.rate, round(n.rate * n.minutes / 60.0, 2),
  case when n.new_status = 'completed' then greatest(15, n.minutes + (n.hx % 7 - 3) * 15) end,
  case when n.requires_approval and n.decided_time is not null then n.staff_id end,
  case when n.requires_approval then n.decided_time end,
  case when n.new_status = 'rejected' then r.rejected end,
  case when n.new_status = 'cancelled' then case when r.i = 3 then n.staff_id else n.requester_id end end,
  n.cancelled_time,
  case when n.new_status = 'cancelled' then r.cancelled end,
  case when n.new_status in ('completed', 'no_show') then least(upper(n.during) + (10 + n.hy % 180) * interval '1 minute', now()) end,
  n.created,
  greatest(n.created, n.decided_time, n.cancelled_time,
           case when n.new_status in ('completed', 'no_show') then least(upper(n.during) + (10 + n.hy % 180) * interval '1 minute', now()) end)
from numbered n
join purposes p on p.top_code = n.top_code and p.i = n.hx % 4
join reasons r on r.i = n.hy % 4
on conflict do nothing;

-- The audit trail of every seeded booking: requested → decided → cancelled / completed / no-show.
with b as (
  select b.*, i.requires_approval, i.lab_id
  from public.bookings b join public.instruments i on i.id = b.instrument_id
  where b.id::text like '00000000-0000-4000-8001-%'
)
insert into public.booking_events (booking_id, actor_id, from_status, to_status, note, created_at)
select b.id, b.requester_id, null::public.booking_status,
  (case when b.requires_approval then 'pending' else 'confirmed' end)::public.booking_status,
  case when b.requires_approval then '提交预约申请 / Booking requested' else '预约已自动确认 / Booking confirmed automatically' end,
  b.created_at
from b
union all
select b.id, b.decided_by, 'pending'::public.booking_status, (case when b.status = 'rejected' then 'rejected' else 'confirmed' end)::public.booking_status,
  b.decision_reason, b.decided_at
from b
where b.requires_approval and b.decided_by is not null
union all
select b.id, b.cancelled_by,
  (case when b.requires_approval and b.decided_at is null then 'pending' else 'confirmed' end)::public.booking_status,
  'cancelled'::public.booking_status, b.cancel_reason, b.cancelled_at
from b
where b.status = 'cancelled'
union all
select b.id,
  coalesce(b.decided_by, (select m.user_id from public.lab_members m where m.lab_id = b.lab_id order by m.role desc, m.user_id limit 1)),
  'confirmed'::public.booking_status, b.status,
  case when b.status = 'completed' then '已完成，实际机时 ' || b.actual_minutes || ' 分钟 / Completed, ' || b.actual_minutes || ' minutes used'
       else '申请人未到场 / The requester did not show up' end,
  coalesce(b.completed_at, b.updated_at)
from b
where b.status in ('completed', 'no_show')
order by 6;

-- Seeded history is not news: make sure no e-mail waits in the outbox for it, whatever triggers a
-- later migration adds.
delete from public.email_outbox where booking_id::text like '00000000-0000-4000-8001-%';

-- Satisfaction: about three in four requesters rated their completed bookings that ended in the
-- last 30 days (the window in which ratings are taken; the table's trigger refuses older ones),
-- mostly 4s and 5s, a few comments.
insert into public.booking_ratings (booking_id, instrument_id, rating, comment, rated_by)
select b.id, b.instrument_id,
  (array[5, 5, 4, 5, 4, 3, 5, 4, 2, 5])[1 + abs(hashtext(b.id::text)) % 10],
  (array[null, null, '数据质量很好，技术员很专业。/ Good data, very professional staff.', null,
         '预约流程顺畅。/ Booking went smoothly.', null, '样品排队时间稍长。/ Samples waited a little long.'])[1 + abs(hashtext(b.id::text || 'c')) % 7],
  b.requester_id
from public.bookings b
where b.id::text like '00000000-0000-4000-8001-%'
  and b.status = 'completed'
  and upper(b.during) > now() - interval '29 days'
  and abs(hashtext(b.id::text || 'r')) % 4 <> 0
on conflict do nothing;
