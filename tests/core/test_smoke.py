def test_dashboard_renders_for_every_role(world):
    for user in [
        world.platform_admin,
        world.college_admin,
        world.program_lead,
        world.teacher,
        world.student,
        world.enterprise_admin,
        world.mentor,
        world.gov_officer,
        world.consortium_officer,
    ]:
        response = world.client_for(user).get("/")
        assert response.status_code == 200, user
