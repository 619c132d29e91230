-- Acme Secure Gateway: seed data for the staging database.
-- Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd. Proprietary and confidential.

BEGIN;

CREATE TABLE IF NOT EXISTS tenants (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS tenant_users (
  id           TEXT PRIMARY KEY,
  tenant_id    TEXT NOT NULL REFERENCES tenants(id),
  display_name TEXT NOT NULL,
  email        TEXT NOT NULL UNIQUE,
  mobile       CHAR(11),
  resident_id  CHAR(18),            -- 居民身份证号码, required for real-name registration
  roles        TEXT[] NOT NULL DEFAULT '{}'
);

INSERT INTO tenants (id, name) VALUES
  ('huaxin-logistics', '华信物流有限公司'),
  ('acme-internal', 'Acme Network Technology (Beijing) Co., Ltd.');

INSERT INTO tenant_users (id, tenant_id, display_name, email, mobile, resident_id, roles) VALUES
  ('c-000172', 'huaxin-logistics', '张伟', 'zhang.wei@acme-gateway.cn', '13812345678', '11010519880512123X', '{tenant-admin}'),
  ('c-000311', 'huaxin-logistics', '李娜', 'li.na@huaxin-logistics.cn', '18610086421', '310104199203152640', '{operator}');

COMMIT;
