### Labels of the programme's vocabularies (slugs in cases/vocab.py).

## source

source-self = self-declared
source-neighbour = neighbour report
source-visit = found on a visit
source-data = department data

## risk types

risk-illness = illness
risk-disability = disability
risk-schooling = schooling costs
risk-disaster = natural disaster
risk-accident = accident
risk-business = failed business or farm project
risk-work = unstable work
risk-labour = no one able to work
risk-housing = unsafe housing
risk-water = unsafe drinking water
risk-other = other

## category on inclusion

category-unstable = unstable lifted-out household
category-marginal = marginal household at risk
category-sudden = sudden severe hardship

## household register class

register-lifted = lifted out of poverty
register-monitored = monitored
register-edge = edge household
register-ordinary = ordinary household

## closure reason

closure-risk_eliminated = risk eliminated
closure-not_eligible = not eligible
closure-duplicate = duplicate
closure-withdrawn = withdrawn
closure-unreachable = unreachable

## measures

measure-dibao = minimum living allowance (dibao)
measure-tekun = support for the extremely poor
measure-temp_relief = temporary relief
measure-medical_aid = medical aid
measure-disability_subsidy = disability subsidy
measure-education = education grant / Yulu plan
measure-public_job = public-service job
measure-employment = employment support
measure-industry = farm / business support
measure-microcredit = microcredit
measure-housing_repair = unsafe-house repair
measure-water_works = drinking-water works
measure-other = other

## alert types

alert-medical = large medical bill
alert-disability = disability registered
alert-disaster = hit by a disaster
alert-job_loss = lost a job
alert-other = other

## stages

stage-reported = reported, waiting to be accepted
stage-accepted = accepted, home visit pending
stage-visited = visited, decision pending
stage-proposed = decision proposed, awaiting town approval
stage-monitored = under monitoring and assistance
stage-closed = closed

## roles and division levels

role-officer = village officer
role-town_lead = town lead
role-district_admin = district administrator
level-district = district
level-town = town
level-village = village
