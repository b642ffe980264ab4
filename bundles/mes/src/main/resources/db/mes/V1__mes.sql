-- MES schema, version 1: products, work orders with their history, downtime events, OEE per scope.
-- Plain SQL that H2 2.x and PostgreSQL both accept.
CREATE TABLE mes_product (
  id VARCHAR(64) PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  source VARCHAR(16) NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE mes_product_cycle (
  product_id VARCHAR(64) NOT NULL,
  line_name VARCHAR(64) NOT NULL,
  ideal_cycle_seconds DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (product_id, line_name)
);
CREATE TABLE mes_product_recipe (
  product_id VARCHAR(64) NOT NULL,
  setpoint VARCHAR(64) NOT NULL,
  setpoint_value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (product_id, setpoint)
);
CREATE TABLE mes_product_material (
  product_id VARCHAR(64) NOT NULL,
  pos INTEGER NOT NULL,
  material VARCHAR(64) NOT NULL,
  quantity DOUBLE PRECISION NOT NULL,
  unit VARCHAR(16) NOT NULL,
  PRIMARY KEY (product_id, pos)
);
CREATE TABLE mes_order (
  id VARCHAR(64) PRIMARY KEY,
  product_id VARCHAR(64) NOT NULL,
  line_name VARCHAR(64) NOT NULL,
  quantity BIGINT NOT NULL,
  due_at TIMESTAMP,
  priority INTEGER NOT NULL,
  state VARCHAR(16) NOT NULL,
  good BIGINT NOT NULL,
  reject BIGINT NOT NULL,
  reason VARCHAR(500) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  started_at TIMESTAMP,
  ended_at TIMESTAMP
);
CREATE INDEX mes_order_line ON mes_order (line_name, state);
CREATE TABLE mes_order_transition (
  order_id VARCHAR(64) NOT NULL,
  seq INTEGER NOT NULL,
  from_state VARCHAR(16),
  to_state VARCHAR(16) NOT NULL,
  by_who VARCHAR(64) NOT NULL,
  at_time TIMESTAMP NOT NULL,
  note VARCHAR(500) NOT NULL,
  PRIMARY KEY (order_id, seq)
);
CREATE TABLE mes_downtime (
  id BIGINT PRIMARY KEY,
  line_name VARCHAR(64) NOT NULL,
  order_id VARCHAR(64),
  started_at TIMESTAMP NOT NULL,
  ended_at TIMESTAMP,
  fault_code INTEGER NOT NULL,
  reason VARCHAR(64) NOT NULL,
  reason_by VARCHAR(64) NOT NULL
);
CREATE INDEX mes_downtime_line ON mes_downtime (line_name, started_at);
CREATE TABLE mes_oee (
  scope VARCHAR(16) NOT NULL,
  scope_id VARCHAR(160) NOT NULL,
  line_name VARCHAR(64) NOT NULL,
  from_time TIMESTAMP NOT NULL,
  to_time TIMESTAMP NOT NULL,
  planned_ms BIGINT NOT NULL,
  run_ms BIGINT NOT NULL,
  good BIGINT NOT NULL,
  reject BIGINT NOT NULL,
  ideal_ms BIGINT NOT NULL,
  micro_stops INTEGER NOT NULL,
  availability DOUBLE PRECISION NOT NULL,
  performance DOUBLE PRECISION NOT NULL,
  quality DOUBLE PRECISION NOT NULL,
  oee DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (scope, scope_id)
);
